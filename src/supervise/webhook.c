/* webhook.c - delivering supervision events to the configured webhook: each delivery is
 * claimed from the store's outbox (atomically, so several servers never send one twice), sent
 * as a JSON POST signed with HMAC-SHA256 (libsodium) under webhook_secret, and recorded:
 * delivered on a 2xx answer, else tried again after an exponential back-off, and given up
 * after SUP_WEBHOOK_MAX_ATTEMPTS. A receiver verifies X-Innomon-Signature = "sha256=" +
 * hex(HMAC-SHA256(secret, body)). */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "supervise/supervise.h"
#include "base/banned.h"

#define SEND_TIMEOUT_S 10L
#define CONNECT_TIMEOUT_S 5L
#define STALE_CLAIM_S 300   /* a claim older than this was left by a sender that died */
#define MAX_PER_RUN 100     /* deliveries sent per tick at most */

void supervise_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void sup_webhook_sign(const char *secret, const char *body, size_t len, char out[80])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	const char *key = secret ? secret : "";
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 80 - 7, mac, sizeof(mac));
}

static size_t discard(char *p, size_t size, size_t n, void *userdata)
{
	(void)p, (void)userdata;
	return size * n;
}

/* POST d's payload to url; *http_status gets the answer's status (0 when none); error a short
 * reason on failure. Returns 1 on a 2xx answer. */
static int post(const char *url, const struct sup_delivery *d, const char *signature, long *http_status,
		char error[CURL_ERROR_SIZE])
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	char line[160];
	*http_status = 0;
	error[0] = '\0';
	if (!h) {
		snprintf(error, CURL_ERROR_SIZE, "cannot start an HTTP client");
		return 0;
	}
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json; charset=utf-8");
	hdrs = curl_slist_append(hdrs, "Expect:");
	snprintf(line, sizeof(line), "X-Innomon-Event: %s", d->kind);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof(line), "X-Innomon-Delivery: %lld", d->id);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof(line), "X-Innomon-Signature: %s", signature);
	hdrs = curl_slist_append(hdrs, line);
	curl_easy_setopt(h, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, d->payload);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(d->payload));
	curl_easy_setopt(h, CURLOPT_TIMEOUT, SEND_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "innomon/" INNOMON_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
	CURLcode rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, http_status);
	else if (!error[0])
		snprintf(error, CURL_ERROR_SIZE, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK && (*http_status < 200 || *http_status > 299))
		snprintf(error, CURL_ERROR_SIZE, "the receiver answered %ld", *http_status);
	return rc == CURLE_OK && *http_status >= 200 && *http_status <= 299;
}

enum status sup_webhook_run(struct store *s, const struct sup_settings *cfg, time_t now, struct sup_tick_result *res)
{
	if (!cfg->webhook_url || !*cfg->webhook_url) {
		long long n = 0;
		enum status rc = store_sup_webhook_skip_pending(s, &n);
		res->n_skipped += (int)n;
		return rc;
	}
	char now_text[32], stale[32], claimer[96], host[64] = "";
	clock_format_utc(now, now_text);
	clock_format_utc(now - STALE_CLAIM_S, stale);
	gethostname(host, sizeof(host) - 1);
	snprintf(claimer, sizeof(claimer), "%s:%ld", host, (long)getpid());
	enum status rc = ST_OK;
	for (int i = 0; i < MAX_PER_RUN && !(cfg->stop && atomic_load(cfg->stop)); i++) {
		struct arena *a = arena_new();
		struct sup_delivery *d;
		rc = store_sup_webhook_claim(s, a, now_text, stale, claimer, &d);
		if (rc != ST_OK) {
			arena_free(a);
			if (rc == ST_NOT_FOUND)
				rc = ST_OK;
			break;
		}
		char signature[80], error[CURL_ERROR_SIZE], next[32];
		long status;
		sup_webhook_sign(cfg->webhook_secret, d->payload, strlen(d->payload), signature);
		int ok = post(cfg->webhook_url, d, signature, &status, error);
		const char *next_at = NULL;
		if (ok) {
			res->n_sent++;
		} else if (d->attempts < SUP_WEBHOOK_MAX_ATTEMPTS) {
			clock_format_utc(now + (time_t)sup_backoff_s(d->attempts), next);
			next_at = next;
			res->n_retry++;
			log_warn("supervise", "webhook delivery %lld failed (attempt %d): %s; next at %s", d->id, d->attempts, error,
				 next);
		} else {
			res->n_failed++;
			log_error("supervise", "webhook delivery %lld failed %d times, giving up: %s", d->id, d->attempts, error);
		}
		rc = store_sup_webhook_result(s, d->id, ok, status, ok ? NULL : error, cfg->webhook_url, signature, next_at);
		arena_free(a);
		if (rc != ST_OK)
			break;
	}
	return rc;
}
