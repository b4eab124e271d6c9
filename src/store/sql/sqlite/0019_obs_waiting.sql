-- 0019_obs_waiting: the values waiting for someone (draft, submitted, approved, returned) found
-- through an index of their own, in the order the review screen lists them, instead of a scan of
-- every value a store holds (published values are nearly all of them). Queries name the
-- condition (status <> 'published') so that both back ends may use this partial index.
CREATE INDEX observations_waiting ON observations (status, id) WHERE status <> 'published';
