/* multipart.c - multipart/form-data through MHD_create_post_processor (see multipart.h). The
 * body is already buffered and capped by the server; fields are capped in number. */
#include <microhttpd.h>
#include <string.h>

#include "web/multipart.h"
#include "base/banned.h"

struct form {
	struct arena *arena;
	struct form_field fields[MULTIPART_MAX_FIELDS];
	size_t n;
	struct buf parts[MULTIPART_MAX_FIELDS];
	int is_bad;
};

int multipart_is(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	return ct && strncmp(ct, "multipart/form-data", 19) == 0;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			       const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	(void)kind, (void)content_type, (void)transfer_encoding, (void)off;
	struct form *f = cls;
	size_t i = 0;
	while (i < f->n && strcmp(f->fields[i].name, key) != 0)
		i++;
	if (i == f->n) {
		if (f->n == MULTIPART_MAX_FIELDS) {
			f->is_bad = 1;
			return MHD_NO;
		}
		f->n++;
		/* the processor's key and filename live only during this call */
		f->fields[i].name = arena_strdup(f->arena, key);
		f->fields[i].filename = filename ? arena_strdup(f->arena, filename) : NULL;
		buf_init(&f->parts[i], 0);
	}
	if (size && buf_append(&f->parts[i], data, size) != ST_OK) {
		f->is_bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

static void form_parse(struct req *r)
{
	struct form *f = arena_calloc(r->arena, 1, sizeof(*f));
	f->arena = r->arena;
	r->form = f;
	struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 64 * 1024, on_part, f);
	if (!pp) {
		f->is_bad = 1;
		return;
	}
	if (r->body.len && MHD_post_process(pp, r->body.p, r->body.len) != MHD_YES)
		f->is_bad = 1;
	MHD_destroy_post_processor(pp);
	for (size_t i = 0; i < f->n; i++) {
		struct form_field *x = &f->fields[i];
		x->len = f->parts[i].len;
		x->data = arena_alloc(r->arena, x->len + 1);
		if (x->len)
			memcpy(x->data, f->parts[i].p, x->len);
		x->data[x->len] = '\0';
		buf_release(&f->parts[i]);
	}
}

const struct form_field *multipart_field(struct req *r, const char *name)
{
	if (!multipart_is(r))
		return NULL;
	if (!r->form)
		form_parse(r);
	struct form *f = r->form;
	if (f->is_bad)
		return NULL;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}
