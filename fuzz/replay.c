/* replay.c - a main() for the fuzz targets in ordinary (gcc) builds: feeds every file of the
 * given corpus folders (and files) to LLVMFuzzerTestOneInput, plus the empty input, so
 * `make test` replays each corpus, under ASan+UBSan too, and a crash found once stays fixed. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read path whole into heap memory (caller frees); NULL on failure. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return NULL;
	}
	/* the exact size, so reads past the input are caught by ASan */
	uint8_t *p = malloc(st.st_size ? (size_t)st.st_size : 1);
	size_t n = p ? fread(p, 1, (size_t)st.st_size, f) : 0;
	int bad = !p || ferror(f) || n != (size_t)st.st_size;
	fclose(f);
	if (bad) {
		free(p);
		return NULL;
	}
	*len = n;
	return p;
}

static int replay_file(const char *path)
{
	size_t len;
	uint8_t *data = read_file(path, &len);
	if (!data) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return 0;
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 1;
}

static int is_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
	size_t n = 0;
	int failed = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 2;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s does not exist\n", argv[i]);
			failed = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed |= !replay_file(argv[i]);
			n++;
			continue;
		}
		struct dirent **names;
		int k = scandir(argv[i], &names, is_dot, alphasort);
		if (k < 0) {
			fprintf(stderr, "replay: cannot list %s\n", argv[i]);
			failed = 1;
			continue;
		}
		for (int j = 0; j < k; j++) {
			size_t plen = strlen(argv[i]) + strlen(names[j]->d_name) + 2;
			char *path = malloc(plen);
			if (!path)
				abort();
			snprintf(path, plen, "%s/%s", argv[i], names[j]->d_name);
			failed |= !replay_file(path);
			n++;
			free(path);
			free(names[j]);
		}
		free(names);
	}
	printf("replayed %zu inputs (and the empty input)\n", n);
	if (n == 0) {
		fprintf(stderr, "replay: the corpus is empty\n");
		return 1;
	}
	return failed;
}
