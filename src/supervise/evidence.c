/* evidence.c - what an uploaded evidence file is, decided from its bytes (never from its name
 * or the Content-Type a browser sent), the name it is kept under, and the optional scan hook.
 * Office Open XML files are zips: their [Content_Types].xml (read with libzip from memory,
 * capped) must declare a Word or Excel main part. OLE compound files (.doc, .xls) are told
 * apart by the name of their main stream in the directory (UTF-16LE "WordDocument",
 * "Workbook" or "Book"). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "base/utf8.h"
#include "supervise/supervise.h"
#include "base/banned.h"

#define CONTENT_TYPES_MAX_BYTES ((zip_uint64_t)1 << 20)
#define NAME_MAX_BYTES 200u
#define SCAN_TIMEOUT_MS 120000

extern char **environ;

static const struct sup_file_kind kinds[] = {
	{"pdf", "application/pdf"},
	{"png", "image/png"},
	{"jpeg", "image/jpeg"},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"doc", "application/msword"},
	{"xls", "application/vnd.ms-excel"},
};
enum { K_PDF, K_PNG, K_JPEG, K_DOCX, K_XLSX, K_DOC, K_XLS };

static int starts(const void *data, size_t len, const void *magic, size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

static int contains(const void *hay, size_t len, const void *needle, size_t n)
{
	return n <= len && memmem(hay, len, needle, n) != NULL;
}

/* The [Content_Types].xml of a zip in memory, NUL-terminated (caller frees); NULL when the
 * data is no zip, the part is missing or larger than the cap. */
static char *content_types(const void *data, size_t len)
{
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
	char *text = NULL;
	if (!z) {
		zip_source_free(src);
		zip_error_fini(&zerr);
		return NULL;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	zip_int64_t idx = zip_name_locate(z, "[Content_Types].xml", 0);
	if (idx >= 0 && zip_stat_index(z, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size <= CONTENT_TYPES_MAX_BYTES) {
		zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)idx, 0);
		text = zf ? malloc((size_t)st.size + 1) : NULL;
		zip_int64_t got = text ? zip_fread(zf, text, st.size) : -1;
		if (text && got >= 0 && (zip_uint64_t)got == st.size) {
			text[got] = '\0';
		} else {
			free(text);
			text = NULL;
		}
		if (zf)
			zip_fclose(zf);
	}
	zip_discard(z);
	zip_error_fini(&zerr);
	return text;
}

/* A name in UTF-16LE as OLE directory entries hold it, into out (2 * strlen bytes). */
static size_t utf16le(const char *ascii, unsigned char *out)
{
	size_t n = 0;
	for (; *ascii; ascii++) {
		out[n++] = (unsigned char)*ascii;
		out[n++] = 0;
	}
	return n;
}

const struct sup_file_kind *sup_sniff(const void *data, size_t len)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff};
	static const unsigned char ole[] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	if (starts(data, len, "%PDF-", 5))
		return &kinds[K_PDF];
	if (starts(data, len, png, sizeof(png)))
		return &kinds[K_PNG];
	if (starts(data, len, jpeg, sizeof(jpeg)))
		return &kinds[K_JPEG];
	if (starts(data, len, "PK\x03\x04", 4)) {
		char *ct = content_types(data, len);
		const struct sup_file_kind *k = NULL;
		if (ct && strstr(ct, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
			k = &kinds[K_DOCX];
		else if (ct && strstr(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"))
			k = &kinds[K_XLSX];
		free(ct);
		return k;
	}
	if (starts(data, len, ole, sizeof(ole)) && len >= 1024) {
		unsigned char name[64];
		size_t n = utf16le("WordDocument", name);
		if (contains(data, len, name, n))
			return &kinds[K_DOC];
		n = utf16le("Workbook", name);
		if (contains(data, len, name, n))
			return &kinds[K_XLS];
		n = utf16le("Book", name);
		if (contains(data, len, name, n))
			return &kinds[K_XLS];
	}
	return NULL;
}

/* The kind an extension names ("PDF", "jpg", "xlsx"), or NULL for an unknown one. */
static const struct sup_file_kind *kind_of_extension(const char *ext)
{
	static const struct {
		const char *ext;
		int kind;
	} map[] = {{"pdf", K_PDF}, {"png", K_PNG}, {"jpg", K_JPEG}, {"jpeg", K_JPEG}, {"docx", K_DOCX},
		   {"xlsx", K_XLSX}, {"doc", K_DOC}, {"xls", K_XLS}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(ext, map[i].ext) == 0)
			return &kinds[map[i].kind];
	return NULL;
}

static const char *fail(struct sup_error *why, const char *code, const char *msg)
{
	why->code = code, why->field = "file", why->msg = msg;
	return NULL;
}

const char *sup_file_name(struct arena *a, const char *name, struct sup_error *why)
{
	if (!name || !*name)
		return fail(why, "bad_name", "the file has no name");
	size_t len = strlen(name);
	if (!utf8_valid(name, len, NULL))
		return fail(why, "bad_name", "the file name is not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7f)
			return fail(why, "bad_name", "the file name holds control characters");
	}
	/* every path component: none may climb out of a folder */
	const char *seg = name;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || name[i] == '/' || name[i] == '\\') {
			size_t n = (size_t)(name + i - seg);
			if (n == 2 && seg[0] == '.' && seg[1] == '.')
				return fail(why, "path_traversal", "the file name climbs out of its folder ('..'): give a plain file name");
			seg = name + i + 1;
		}
	}
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base || strcmp(base, ".") == 0)
		return fail(why, "bad_name", "the file name is empty once its folders are removed");
	if (strlen(base) > NAME_MAX_BYTES)
		return fail(why, "bad_name", "the file name is longer than 200 bytes");
	return arena_strdup(a, base);
}

enum status sup_evidence_check(struct arena *a, const void *data, size_t len, const char *name, size_t max_bytes,
			       const struct sup_file_kind **kind, const char **clean_name, struct sup_error *why)
{
	*kind = NULL;
	*clean_name = sup_file_name(a, name, why);
	if (!*clean_name)
		return ST_INVALID;
	if (len > max_bytes) {
		why->code = "file_too_large", why->field = "file";
		why->msg = "the file is larger than the evidence_max setting allows";
		return ST_TOO_LARGE;
	}
	if (len == 0) {
		fail(why, "file_empty", "the file is empty");
		return ST_INVALID;
	}
	const struct sup_file_kind *k = sup_sniff(data, len);
	if (!k) {
		fail(why, "unknown_type", "the file is not a PDF, PNG, JPEG, Word or Excel file (judged by its content)");
		return ST_INVALID;
	}
	const char *dot = strrchr(*clean_name, '.');
	if (dot && dot[1]) {
		const struct sup_file_kind *named = kind_of_extension(dot + 1);
		if (!named || strcmp(named->kind, k->kind) != 0) {
			fail(why, "type_mismatch", "the file's content does not match its name's extension");
			return ST_INVALID;
		}
	}
	*kind = k;
	return ST_OK;
}

enum status sup_evidence_scan(const char *command, const void *data, size_t len, struct sup_error *why)
{
	char path[64];
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof(path), "%s/innomon-scan-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	why->field = "file";
	int fd = mkstemp(path);
	if (fd < 0) {
		why->code = "scan_failed", why->msg = "cannot write a temporary copy for the scan";
		return ST_IO;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, (const char *)data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	enum status rc = ST_IO;
	why->code = "scan_failed", why->msg = "the scan command could not be run";
	if (off == len) {
		/* sh -c 'COMMAND "$1"' innomon-scan PATH: the path is an argument, never shell text */
		char *script = malloc(strlen(command) + 8);
		if (script) {
			memcpy(script, command, strlen(command));
			memcpy(script + strlen(command), " \"$1\"", 6);
		}
		char *argv[] = {"/bin/sh", "-c", script, "innomon-scan", path, NULL};
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		pid_t pid;
		int status = 0;
		if (script && posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ) == 0) {
			int waited = 0;
			pid_t r = 0;
			while ((r = waitpid(pid, &status, WNOHANG)) == 0 && waited < SCAN_TIMEOUT_MS) {
				struct timespec ts = {0, 20 * 1000 * 1000};
				nanosleep(&ts, NULL);
				waited += 20;
			}
			if (r == 0) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				why->msg = "the scan command did not finish in time";
			} else if (r == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
				rc = ST_OK;
			} else if (r == pid && WIFEXITED(status) && (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127)) {
				why->msg = "the scan command was not found or cannot be run"; /* the shell's own codes */
			} else if (r == pid) {
				rc = ST_DENIED;
				why->code = "scan_refused", why->msg = "the scan refused the file";
			}
		}
		posix_spawn_file_actions_destroy(&fa);
		free(script);
	}
	unlink(path);
	return rc;
}
