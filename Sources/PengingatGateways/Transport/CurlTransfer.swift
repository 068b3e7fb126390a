import CCurl
import Foundation

/// One transfer while curl works on it: the easy handle's options, the lists and buffers
/// they point at, and what comes back. Lives on the curl thread only; curl's callbacks
/// (which run inside `curl_multi_perform` on that thread) reach it through the userdata
/// pointer, unretained: the loop's table of active transfers keeps it alive until the
/// easy handle has left the multi handle.
final class CurlTransfer {
    let submission: CurlSubmission
    let easy: CurlEasyHandle

    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var recipientList: UnsafeMutablePointer<curl_slist>?
    private var upload = Data()
    private var uploadOffset = 0
    private var responseBody = Data()
    private var responseHeaders: [(name: String, value: String)] = []

    var id: UInt64 { submission.id }

    /// `CurlSubmission.connectionKey`, taken once when the submission arrived.
    let connectionKey: String
    init(submission: CurlSubmission, connectionKey: String, easy: CurlEasyHandle) {
        self.submission = submission
        self.connectionKey = connectionKey
        self.easy = easy
    }

    deinit {
        freeLists()
    }

    /// Sets every option of the transfer; an error means it cannot start.
    /// `waited`: seconds the submission waited for its host's allowance; its timeout counts them.
    func configure(_ configuration: CurlTransportConfiguration, waited: TimeInterval) -> CurlError? {
        var setup = OptionSetter(handle: easy.raw)
        setup.check(easy.prepare())
        let handle = easy.raw
        let userdata = Unmanaged.passUnretained(self).toOpaque()

        // Never let a signal interrupt (or a SIGALRM-based DNS timeout touch) this thread.
        setup.long(CURLOPT_NOSIGNAL, 1)
        setup.long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        setup.long(CURLOPT_TCP_KEEPALIVE, 1)
        setup.long(CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0)
        setup.long(CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0)
        if let caPath = configuration.caPath {
            setup.string(CURLOPT_CAINFO, caPath)
        }
        // Everything that arrives goes to the transfer, never to curl's default (stdout).
        setup.check(
            pengingat_curl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, userdata in
                let length = size * count
                guard let userdata, let buffer, length > 0 else { return length }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                transfer.responseBody.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
                return length
            })
        setup.pointer(CURLOPT_WRITEDATA, userdata)
        // Proxies: CURLOPT_PROXY is never set, so curl keeps honouring http_proxy,
        // https_proxy and no_proxy from the environment.

        switch submission.payload {
        case .http(let request):
            configureHTTP(request, configuration, waited, &setup, userdata)
        case .mail(let mail):
            configureMail(mail, configuration, waited, &setup, userdata)
        }
        return setup.failure
    }

    private func configureHTTP(
        _ request: HTTPRequest, _ configuration: CurlTransportConfiguration, _ waited: TimeInterval, _ setup: inout OptionSetter,
        _ userdata: UnsafeMutableRawPointer
    ) {
        let handle = easy.raw
        setup.string(CURLOPT_PROTOCOLS_STR, "http,https")
        setup.string(CURLOPT_URL, request.url)
        let timeout = Self.timeLeft(request.timeout ?? configuration.totalTimeout, waited: waited, &setup)
        setup.long(CURLOPT_TIMEOUT_MS, timeout)
        setup.string(CURLOPT_USERAGENT, configuration.userAgent)
        setup.check(
            pengingat_curl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, userdata in
                let length = size * count
                guard let userdata, let buffer, length > 0 else { return length }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length))
                return length
            })
        setup.pointer(CURLOPT_HEADERDATA, userdata)

        switch request.method {
        case .get:
            setup.long(CURLOPT_HTTPGET, 1)
        case .post:
            setup.long(CURLOPT_POST, 1)
            setBody(request.body ?? Data(), &setup)
        case .put, .delete:
            setup.string(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            if let body = request.body {
                setBody(body, &setup)
            } else if request.method == .put {
                setBody(Data(), &setup)
            }
        }

        var lines: [String] = []
        for header in request.headers {
            guard Self.isSafeHeaderPart(header.name), Self.isSafeHeaderPart(header.value), !header.name.isEmpty else {
                setup.fail(CurlError(code: CurlError.raw(CURLE_BAD_FUNCTION_ARGUMENT), detail: "header name or value contains a line break"))
                return
            }
            // "Name:" with nothing after it makes curl drop its own header of that name.
            lines.append(header.value.isEmpty ? "\(header.name):" : "\(header.name): \(header.value)")
        }
        // curl would otherwise send "Expect: 100-continue" for large bodies and wait for
        // an interim answer that many gateways never give.
        if request.body != nil, !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            lines.append("Expect:")
        }
        if !lines.isEmpty {
            guard let list = Self.makeList(lines) else {
                setup.fail(CurlError(code: CurlError.raw(CURLE_OUT_OF_MEMORY)))
                return
            }
            headerList = list
            setup.check(pengingat_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        }

        if let auth = request.basicAuth {
            setup.long(CURLOPT_HTTPAUTH, pengingat_curl_auth_basic())
            setup.string(CURLOPT_USERNAME, auth.user)
            setup.string(CURLOPT_PASSWORD, auth.password)
        }
    }

    private func configureMail(
        _ mail: MailRequest, _ configuration: CurlTransportConfiguration, _ waited: TimeInterval, _ setup: inout OptionSetter,
        _ userdata: UnsafeMutableRawPointer
    ) {
        let handle = easy.raw
        setup.string(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        setup.string(CURLOPT_URL, mail.url)
        let timeout = Self.timeLeft(mail.timeout ?? configuration.totalTimeout, waited: waited, &setup)
        setup.long(CURLOPT_TIMEOUT_MS, timeout)
        guard !mail.recipients.isEmpty else {
            setup.fail(CurlError(code: CurlError.raw(CURLE_BAD_FUNCTION_ARGUMENT), detail: "no recipients"))
            return
        }
        guard ([mail.from] + mail.recipients).allSatisfy(Self.isSafeHeaderPart) else {
            setup.fail(CurlError(code: CurlError.raw(CURLE_BAD_FUNCTION_ARGUMENT), detail: "address contains a line break"))
            return
        }
        setup.string(CURLOPT_MAIL_FROM, "<\(mail.from)>")
        guard let list = Self.makeList(mail.recipients.map { "<\($0)>" }) else {
            setup.fail(CurlError(code: CurlError.raw(CURLE_OUT_OF_MEMORY)))
            return
        }
        recipientList = list
        setup.check(pengingat_curl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, list))
        if mail.useTLS {
            setup.long(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        if let username = mail.username {
            setup.string(CURLOPT_USERNAME, username)
        }
        if let password = mail.password {
            setup.string(CURLOPT_PASSWORD, password)
        }

        upload = mail.message
        uploadOffset = 0
        setup.long(CURLOPT_UPLOAD, 1)
        setup.offset(CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.count))
        // The read callback has the data callback's C type: (buffer, size, count, userdata).
        setup.check(
            pengingat_curl_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, userdata in
                guard let userdata, let buffer else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                return transfer.readUpload(into: buffer, capacity: size * count)
            })
        setup.pointer(CURLOPT_READDATA, userdata)
    }

    /// Sets the request body; curl copies it (`CURLOPT_COPYPOSTFIELDS`), so nothing has to
    /// outlive this call.
    private func setBody(_ body: Data, _ setup: inout OptionSetter) {
        setup.offset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        if body.isEmpty {
            setup.string(CURLOPT_COPYPOSTFIELDS, "")
        } else {
            body.withUnsafeBytes { bytes in
                setup.check(
                    pengingat_curl_easy_setopt_pointer(
                        easy.raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)))
            }
        }
    }

    // MARK: - Callbacks

    /// One header line as curl hands it over, read as bytes: this runs for every header of
    /// every answer, and Foundation's trimming and lowercasing showed in the dispatch profile.
    private func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        let line = Self.trimmed(raw[...])
        if line.starts(with: "HTTP/".utf8) {
            // A new status line: an interim answer (100 Continue) or a new response starts.
            responseHeaders.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmed(line[..<colon]).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        let value = Self.trimmed(line[(colon + 1)...])
        responseHeaders.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
    }

    /// Without leading and trailing spaces, tabs and line ends.
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        let isSpace = { (byte: UInt8) in byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.startIndex..<bytes.startIndex]
        }
        return bytes[first...last]
    }

    private func readUpload(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        let start = upload.startIndex + uploadOffset
        upload.copyBytes(
            to: UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self), from: start..<(start + count))
        uploadOffset += count
        return count
    }

    // MARK: - Results

    /// What curl measured; read before the handle is reset.
    func outcome() -> CurlSubmission.Outcome {
        var status = 0
        _ = pengingat_curl_easy_getinfo_long(easy.raw, CURLINFO_RESPONSE_CODE, &status)
        var totalTime = 0.0
        _ = pengingat_curl_easy_getinfo_double(easy.raw, CURLINFO_TOTAL_TIME, &totalTime)
        var connects = 0
        _ = pengingat_curl_easy_getinfo_long(easy.raw, CURLINFO_NUM_CONNECTS, &connects)
        return CurlSubmission.Outcome(
            status: status, headers: responseHeaders, body: responseBody, totalTime: totalTime,
            reusedConnection: connects == 0)
    }

    func error(_ code: CURLcode) -> CurlError {
        CurlError(code: CurlError.raw(code), detail: easy.errorText)
    }

    /// Frees the lists curl pointed at; call only once the handle has left the multi
    /// handle (and before the handle is reset or reused).
    func freeLists() {
        if let headerList { curl_slist_free_all(headerList) }
        if let recipientList { curl_slist_free_all(recipientList) }
        headerList = nil
        recipientList = nil
    }

    // MARK: - Helpers

    /// A whole transfer's limit less what it already waited for its host's allowance (curl counts
    /// its own waiting for a free connection the same way); a limit used up fails the transfer
    /// before it starts, as timed out.
    private static func timeLeft(_ limit: TimeInterval, waited: TimeInterval, _ setup: inout OptionSetter) -> Int {
        guard limit.isFinite, limit > 0 else { return 0 }
        guard waited < limit else {
            setup.fail(CurlError(
                code: CurlError.raw(CURLE_OPERATION_TIMEDOUT),
                detail: "waited \(Int(waited * 1000)) ms for a connection to the host, longer than the transfer's limit"))
            return 1
        }
        return milliseconds(limit - waited)
    }

    private static func milliseconds(_ seconds: TimeInterval) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }  // 0: no limit (curl's meaning)
        return max(1, Int((seconds * 1000).rounded(.up)))
    }

    private static func isSafeHeaderPart(_ text: String) -> Bool {
        // By bytes: "\r\n" is one Character, equal to neither "\r" nor "\n".
        !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
    }

    private static func makeList(_ lines: [String]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                return nil
            }
            list = longer
        }
        return list
    }
}

/// Sets options on one easy handle and keeps the first failure.
private struct OptionSetter {
    let handle: UnsafeMutableRawPointer
    private(set) var failure: CurlError?

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    mutating func check(_ code: CURLcode) {
        if failure == nil, code != CURLE_OK {
            failure = CurlError(code: CurlError.raw(code), detail: "while setting an option")
        }
    }

    mutating func fail(_ error: CurlError) {
        if failure == nil { failure = error }
    }

    mutating func long(_ option: CURLoption, _ value: Int) {
        check(pengingat_curl_easy_setopt_long(handle, option, value))
    }

    mutating func offset(_ option: CURLoption, _ value: curl_off_t) {
        check(pengingat_curl_easy_setopt_off_t(handle, option, value))
    }

    mutating func string(_ option: CURLoption, _ value: String) {
        check(pengingat_curl_easy_setopt_string(handle, option, value))
    }

    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        check(pengingat_curl_easy_setopt_pointer(handle, option, value))
    }
}
