/* uploads.c - uploaded import files, kept in the store between dry run and commit. */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "base/banned.h"

enum status store_upload_add(struct store *s, const struct upload *u, long long *id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a,
				   "INSERT INTO uploads (created_at, created_by, user_id, file_name, sheet, encoding, sha256, content)"
				   " VALUES (?,?,?,?,?,?,?,?) RETURNING id");
	if (st) {
		db_bind_text(st, 1, now), db_bind_text(st, 2, u->created_by), db_bind_opt_int(st, 3, u->user_id != 0, u->user_id);
		db_bind_text(st, 4, u->file_name), db_bind_text(st, 5, u->sheet), db_bind_text(st, 6, u->encoding);
		db_bind_text(st, 7, u->sha256);
		db_bind_blob(st, 8, u->content, u->content_len);
		rc = db_write_audited(st, s, &(struct db_write){.action = "import.upload", .object_type = "upload", .new_id = id});
	}
	arena_free(a);
	return rc;
}

enum status store_upload_get(struct store *s, struct arena *a, long long id, struct upload **out)
{
	struct db_stmt *st = db_prep(s, a,
				   "SELECT id, created_at, created_by, coalesce(user_id, 0), file_name, sheet, encoding, sha256, content,"
				   " committed_at, coalesce(batch_id, 0) FROM uploads WHERE id = ?");
	if (!st)
		return ST_STORE;
	db_bind_int(st, 1, id);
	enum status rc = db_row(st);
	if (rc != ST_OK)
		return rc;
	struct upload *u = arena_calloc(a, 1, sizeof(*u));
	u->id = db_int(st, 0);
	u->created_at = db_text(a, st, 1), u->created_by = db_text(a, st, 2);
	u->user_id = db_int(st, 3);
	u->file_name = db_text(a, st, 4), u->sheet = db_text(a, st, 5), u->encoding = db_text(a, st, 6);
	u->sha256 = db_text(a, st, 7);
	u->content = db_blob(a, st, 8, &u->content_len);
	u->committed_at = db_text(a, st, 9);
	u->batch_id = db_int(st, 10);
	db_reset(st);
	*out = u;
	return ST_OK;
}

enum status db_upload_mark(struct store *s, long long id, long long batch_id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	db_now(now);
	struct db_stmt *st = db_prep(s, a, "UPDATE uploads SET committed_at = ?, batch_id = ? WHERE id = ? AND committed_at IS NULL");
	if (st) {
		db_bind_text(st, 1, now), db_bind_opt_int(st, 2, batch_id != 0, batch_id), db_bind_int(st, 3, id);
		rc = db_run(st);
		if (rc == ST_OK && s->changes == 0)
			rc = ST_CONFLICT;
	}
	arena_free(a);
	return rc;
}

enum status store_upload_committed(struct store *s, long long id, long long batch_id)
{
	return db_upload_mark(s, id, batch_id);
}

enum status store_upload_cancel(struct store *s, long long id)
{
	struct arena *a = arena_new();
	enum status rc = ST_STORE;
	struct db_stmt *st = db_prep(s, a, "DELETE FROM uploads WHERE id = ? AND committed_at IS NULL");
	if (st) {
		db_bind_int(st, 1, id);
		rc = db_write_audited(st, s, &(struct db_write){.action = "import.cancel", .object_type = "upload",
								 .object_id = arena_printf(a, "%lld", id),
								 .if_unchanged = ST_CONFLICT});
	}
	arena_free(a);
	return rc;
}

void store_upload_commit_next(struct store *s, long long id)
{
	s->commit_upload_id = id;
}
