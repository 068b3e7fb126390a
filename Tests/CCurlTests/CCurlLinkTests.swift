import CCurl
import Testing

@Suite("CCurl system library")
struct CCurlLinkTests {
    @Test("libcurl links and curl_version_info answers with a version and TLS")
    func versionInfoAnswers() throws {
        let info = try #require(pengingat_curl_version_info())
        let version = String(cString: info.pointee.version)
        let parts = version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3, "version \(version) is not x.y.z")
        #expect((parts.first ?? 0) >= 7)
        // The HTTPS gateways need TLS: the libcurl we link must have been built with it.
        let ssl = info.pointee.ssl_version.map { String(cString: $0) } ?? ""
        #expect(!ssl.isEmpty, "libcurl was built without TLS")
        #expect(info.pointee.features & CURL_VERSION_SSL != 0)
    }

    @Test("the shim's setopt and getinfo wrappers reach curl and errors carry the CURLcode")
    func shimWrappersWork() throws {
        let handle = try #require(curl_easy_init())
        defer { curl_easy_cleanup(handle) }
        #expect(pengingat_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 2000) == CURLE_OK)
        // Port 1 on loopback has no listener: the transfer must fail with "couldn't connect".
        #expect(pengingat_curl_easy_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:1/") == CURLE_OK)
        // An option number curl does not know is refused, which proves the wrapper passes it through.
        #expect(pengingat_curl_easy_setopt_long(handle, CURLoption(rawValue: 99_999), 1) != CURLE_OK)
        #expect(curl_easy_perform(handle) == CURLE_COULDNT_CONNECT)
        var url: UnsafeMutablePointer<CChar>? = nil
        #expect(pengingat_curl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK)
        #expect(url.map { String(cString: $0) } == "http://127.0.0.1:1/")
        var status = -1
        #expect(pengingat_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
        #expect(status == 0)
    }
}
