/* static.c - GET /static/FILE: assets compiled in from www/ with a content hash ETag. */
#include <string.h>

#include "base/embed.h"
#include "web/route.h"
#include "base/banned.h"

extern const struct embedded_file www_assets[];

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".json") == 0)
		return "application/json";
	return "application/octet-stream";
}

/* FNV-1a of the content: stable across builds, changes when the file does. */
static unsigned long long fnv1a(const char *p, size_t n)
{
	unsigned long long h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static enum status send_asset(struct req *r, const char *name)
{
	for (const struct embedded_file *f = www_assets; f->name; f++) {
		if (strcmp(f->name, name) != 0)
			continue;
		const char *etag = arena_printf(r->arena, "\"%016llx\"", fnv1a(f->data, f->len));
		req_add_header(r, "ETag", etag);
		req_add_header(r, "Cache-Control", "public, max-age=3600");
		r->content_type = content_type_of(f->name);
		const char *inm = req_header(r, "If-None-Match");
		if (inm && strcmp(inm, etag) == 0) {
			r->status = 304;
			return ST_OK;
		}
		bwn(&r->out, f->data, f->len);
		return ST_OK;
	}
	return ST_NOT_FOUND;
}

enum status api_openapi(struct req *r)
{
	return send_asset(r, "openapi.json");
}

enum status static_asset(struct req *r)
{
	if (strcmp(r->params[0], "openapi.json") != 0)
		return send_asset(r, r->params[0]);
	return ST_NOT_FOUND;
}
