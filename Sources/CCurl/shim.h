#ifndef PENGINGAT_CCURL_SHIM_H
#define PENGINGAT_CCURL_SHIM_H

#include <curl/curl.h>

/*
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, and Swift does
 * not import variadic C functions. One non-variadic wrapper per argument type makes each
 * option callable with the right C type, so a wrong type is a compile error in Swift
 * rather than undefined behaviour in curl.
 */

typedef size_t (*pengingat_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);
typedef int (*pengingat_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                               curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode pengingat_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_setopt_data_callback(CURL *handle, CURLoption option,
                                                               pengingat_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_setopt_xferinfo_callback(CURL *handle, CURLoption option,
                                                                   pengingat_curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pengingat_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pengingat_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pengingat_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pengingat_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode pengingat_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode pengingat_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

static inline CURLMcode pengingat_curl_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *value) {
    return curl_multi_setopt(handle, option, value);
}

/* CURLVERSION_NOW is a macro naming an enum constant, which Swift does not import. */
static inline curl_version_info_data *pengingat_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

/* CURLMsg.data is a union; Swift sees it as opaque. */
static inline CURLcode pengingat_curl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

/* CURLAUTH_* are macros with casts, which Swift does not import. */
static inline long pengingat_curl_auth_basic(void) {
    return (long)CURLAUTH_BASIC;
}

#endif
