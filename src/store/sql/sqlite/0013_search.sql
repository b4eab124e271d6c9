-- 0013_search: one full-text index over what people look for: indicators, measures and units
-- of every plan version, and 督办 notices. FTS5 with the trigram tokenizer (SQLite 3.34+) finds
-- any substring of three or more characters, so Chinese needs no word segmentation; shorter
-- queries use LIKE over the same rows. Triggers keep it in step with the rows it indexes (plan
-- versions and notices are written once and never changed or deleted); the rows already
-- stored are indexed here. kind: indicator, measure, unit, notice; key: the code, the
-- measure's number or the notice's id; pv_id: the plan version (NULL for notices).
CREATE VIRTUAL TABLE search_docs USING fts5(kind UNINDEXED, key UNINDEXED, pv_id UNINDEXED, title, body,
	tokenize = 'trigram');

CREATE TRIGGER search_indicator AFTER INSERT ON pv_indicators BEGIN
	INSERT INTO search_docs (kind, key, pv_id, title, body) VALUES ('indicator', NEW.code, NEW.pv_id,
		NEW.name_zh || ' ' || coalesce(NEW.name_en, '') || ' ' || NEW.code,
		coalesce(NEW.definition_zh, '') || ' ' || coalesce(NEW.definition_en, '') || ' ' ||
		coalesce(NEW.method_zh, '') || ' ' || coalesce(NEW.method_en, '') || ' ' ||
		coalesce(NEW.source_zh, '') || ' ' || coalesce(NEW.source_en, ''));
END;
CREATE TRIGGER search_measure AFTER INSERT ON pv_measures BEGIN
	INSERT INTO search_docs (kind, key, pv_id, title, body) VALUES ('measure', CAST(NEW.number AS TEXT), NEW.pv_id,
		NEW.title_zh || ' ' || coalesce(NEW.title_en, ''),
		coalesce(NEW.text_zh, '') || ' ' || coalesce(NEW.text_en, ''));
END;
CREATE TRIGGER search_unit AFTER INSERT ON pv_units BEGIN
	INSERT INTO search_docs (kind, key, pv_id, title, body) VALUES ('unit', NEW.code, NEW.pv_id,
		NEW.name_zh || ' ' || coalesce(NEW.name_en, '') || ' ' || NEW.code,
		coalesce(NEW.short_zh, '') || ' ' || coalesce(NEW.short_en, ''));
END;
CREATE TRIGGER search_notice AFTER INSERT ON notices BEGIN
	INSERT INTO search_docs (kind, key, pv_id, title, body) VALUES ('notice', CAST(NEW.id AS TEXT), NULL,
		NEW.subject, coalesce(NEW.body, ''));
END;

INSERT INTO search_docs (kind, key, pv_id, title, body)
	SELECT 'indicator', code, pv_id, name_zh || ' ' || coalesce(name_en, '') || ' ' || code,
		coalesce(definition_zh, '') || ' ' || coalesce(definition_en, '') || ' ' ||
		coalesce(method_zh, '') || ' ' || coalesce(method_en, '') || ' ' ||
		coalesce(source_zh, '') || ' ' || coalesce(source_en, '')
	FROM pv_indicators;
INSERT INTO search_docs (kind, key, pv_id, title, body)
	SELECT 'measure', CAST(number AS TEXT), pv_id, title_zh || ' ' || coalesce(title_en, ''),
		coalesce(text_zh, '') || ' ' || coalesce(text_en, '')
	FROM pv_measures;
INSERT INTO search_docs (kind, key, pv_id, title, body)
	SELECT 'unit', code, pv_id, name_zh || ' ' || coalesce(name_en, '') || ' ' || code,
		coalesce(short_zh, '') || ' ' || coalesce(short_en, '')
	FROM pv_units;
INSERT INTO search_docs (kind, key, pv_id, title, body)
	SELECT 'notice', CAST(id AS TEXT), NULL, subject, coalesce(body, '') FROM notices;
