import Foundation

/// One e-mail for `CurlTransport`: SMTP envelope plus the finished message.
public struct MailRequest: Sendable, CustomStringConvertible {
    /// `smtp://host:port` or `smtps://host:port` (implicit TLS). A path names the domain
    /// curl says in EHLO (`smtp://mail.example.org/pengingat.example.org`).
    public var url: String
    /// The envelope sender (MAIL FROM), a bare address: `pengingat@example.org`.
    public var from: String
    /// The envelope recipients (RCPT TO), bare addresses.
    public var recipients: [String]
    /// The whole RFC 5322 message, headers and body, lines ending in CRLF. curl
    /// dot-stuffs lines that begin with ".".
    public var message: Data
    public var username: String?
    public var password: String?
    /// For `smtp://`: require STARTTLS (`CURLUSESSL_ALL`); the transfer fails with a TLS
    /// error when the server does not offer it. `smtps://` is TLS from the start anyway.
    public var useTLS: Bool
    /// The whole transfer's limit, in seconds, instead of the configuration's `totalTimeout`.
    public var timeout: TimeInterval?

    public init(
        url: String, from: String, recipients: [String], message: Data,
        username: String? = nil, password: String? = nil, useTLS: Bool = false, timeout: TimeInterval? = nil
    ) {
        self.url = url
        self.from = from
        self.recipients = recipients
        self.message = message
        self.username = username
        self.password = password
        self.useTLS = useTLS
        self.timeout = timeout
    }

    /// The host of `url`, the only part of it that may be logged.
    public var host: String { HTTPRequest.loggableHost(of: url) }

    public var description: String { "SMTP \(host) (\(recipients.count) recipients)" }
}
