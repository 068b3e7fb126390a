import CCurl

/// One CURL easy handle and its error buffer, owned by the curl thread and reused from
/// transfer to transfer (`curl_easy_reset` between them). Connections are not the easy
/// handle's: they live in the multi handle's cache, whichever easy handle used them.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    /// Where curl writes the detail of a failure (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private static let errorBufferSize = Int(CURL_ERROR_SIZE)

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Self.errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: Self.errorBufferSize)
    }

    /// Clears the error text and points curl at the buffer (a reset forgets the option).
    func prepare() -> CURLcode {
        errorBuffer[0] = 0
        return pengingat_curl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
    }

    /// curl's detail of the last failure, if it wrote one.
    var errorText: String? {
        guard errorBuffer[0] != 0 else { return nil }
        errorBuffer[Self.errorBufferSize - 1] = 0
        let text = String(cString: errorBuffer).trimmingTrailingNewlines()
        return text.isEmpty ? nil : text
    }

    /// Forgets every option of the last transfer, keeping the handle for the next one.
    func reset() {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline { text.removeLast() }
        return String(text)
    }
}
