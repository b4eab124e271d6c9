/* sqlite_uploads.c - uploaded import files, kept in the store between dry run and commit. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store.h"
#include "base/banned.h"

enum status store_upload_add(struct store *s, const struct upload *u, long long *id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	sq_now(now);
	sqlite3_stmt *st = sq_prep(s, a,
				   "INSERT INTO uploads (created_at, created_by, user_id, file_name, sheet, encoding, sha256, content)"
				   " VALUES (?,?,?,?,?,?,?,?)");
	if (st) {
		sq_bind_text(st, 1, now), sq_bind_text(st, 2, u->created_by), sq_bind_opt_int(st, 3, u->user_id != 0, u->user_id);
		sq_bind_text(st, 4, u->file_name), sq_bind_text(st, 5, u->sheet), sq_bind_text(st, 6, u->encoding);
		sq_bind_text(st, 7, u->sha256);
		sqlite3_bind_blob64(st, 8, u->content, u->content_len, SQLITE_TRANSIENT);
		rc = sq_write_audited(s, st, &(struct sq_write){.action = "import.upload", .object_type = "upload", .new_id = id});
	}
	arena_free(a);
	return rc;
}

enum status store_upload_get(struct store *s, struct arena *a, long long id, struct upload **out)
{
	sqlite3_stmt *st = sq_prep(s, a,
				   "SELECT id, created_at, created_by, coalesce(user_id, 0), file_name, sheet, encoding, sha256, content,"
				   " committed_at, coalesce(batch_id, 0) FROM uploads WHERE id = ?");
	if (!st)
		return ST_STORE;
	sq_bind_int(st, 1, id);
	enum status rc = sq_row(s, st);
	if (rc != ST_OK)
		return rc;
	struct upload *u = arena_calloc(a, 1, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	u->created_at = sq_col_text(a, st, 1), u->created_by = sq_col_text(a, st, 2);
	u->user_id = sqlite3_column_int64(st, 3);
	u->file_name = sq_col_text(a, st, 4), u->sheet = sq_col_text(a, st, 5), u->encoding = sq_col_text(a, st, 6);
	u->sha256 = sq_col_text(a, st, 7);
	u->content_len = (size_t)sqlite3_column_bytes(st, 8);
	void *c = arena_alloc(a, u->content_len + 1);
	if (u->content_len)
		memcpy(c, sqlite3_column_blob(st, 8), u->content_len);
	u->content = c;
	u->committed_at = sq_col_text(a, st, 9);
	u->batch_id = sqlite3_column_int64(st, 10);
	*out = u;
	return ST_OK;
}

enum status sq_upload_mark(struct store *s, long long id, long long batch_id)
{
	struct arena *a = arena_new();
	char now[32];
	enum status rc = ST_STORE;
	sq_now(now);
	sqlite3_stmt *st = sq_prep(s, a, "UPDATE uploads SET committed_at = ?, batch_id = ? WHERE id = ? AND committed_at IS NULL");
	if (st) {
		sq_bind_text(st, 1, now), sq_bind_opt_int(st, 2, batch_id != 0, batch_id), sq_bind_int(st, 3, id);
		rc = sq_step_done(s, st);
		if (rc == ST_OK && sqlite3_changes(s->db) == 0)
			rc = ST_CONFLICT;
	}
	arena_free(a);
	return rc;
}

enum status store_upload_committed(struct store *s, long long id, long long batch_id)
{
	return sq_upload_mark(s, id, batch_id);
}

void store_upload_commit_next(struct store *s, long long id)
{
	s->commit_upload_id = id;
}
