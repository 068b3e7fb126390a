import Foundation
import Logging
import PengingatCore
import PengingatOutbox
import Synchronization

/// Where a webhook hands what it read: delivery reports to the outbox, incoming messages to the
/// replies. The web module's backend writes to the store; `MemoryWebhookBackend` keeps them.
public protocol WebhookBackend: Sendable {
    /// Applies one delivery report `gateway` sent.
    func applyReport(_ report: DeliveryReport, from gateway: String) async throws -> ReportOutcome
    /// Takes a message a household sent; false when this process does not take them.
    func receive(_ message: InboundMessage) async throws -> Bool
    /// The time of arrival, for reports and messages the provider gives no time for.
    func now() -> Date
    var logger: Logger { get }
}

/// A message a household sent, as every gateway's webhook hands it over.
public struct InboundMessage: Sendable, Equatable {
    /// The gateway kind it came through (`kannel`, `whatsapp`): also what `Gateway.inboundLabel` names.
    public let gateway: String
    /// The gateway's id for it, when it has one: a retried webhook is then handled once.
    public let providerID: String?
    public let from: PhoneNumber
    public let text: String
    public let receivedAt: Date
    /// The channel it came by, and so the one an answer goes back by.
    public let channel: Household.Channel

    public init(gateway: String, providerID: String?, from: PhoneNumber, text: String, receivedAt: Date,
                channel: Household.Channel) {
        self.gateway = gateway
        self.providerID = providerID
        self.from = from
        self.text = text
        self.receivedAt = receivedAt
        self.channel = channel
    }
}

/// Keeps what webhooks hand over, for tests of a gateway's webhooks without a store or a server.
public final class MemoryWebhookBackend: WebhookBackend {
    public struct Report: Sendable {
        public let report: DeliveryReport
        public let gateway: String
    }

    private let state = Mutex<(reports: [Report], messages: [InboundMessage])>(([], []))
    private let takesMessages: Bool
    private let answer: ReportOutcome
    private let clock: @Sendable () -> Date
    public let logger: Logger

    public init(takesMessages: Bool = true, answer: ReportOutcome = .applied(from: .accepted), now: @escaping @Sendable () -> Date = SystemClock.now,
                logger: Logger = Logger(label: "pengingat.webhooks")) {
        self.takesMessages = takesMessages
        self.answer = answer
        self.clock = now
        self.logger = logger
    }

    public var reports: [Report] { state.withLock { $0.reports } }
    public var messages: [InboundMessage] { state.withLock { $0.messages } }

    public func applyReport(_ report: DeliveryReport, from gateway: String) async throws -> ReportOutcome {
        state.withLock { $0.reports.append(Report(report: report, gateway: gateway)) }
        return answer
    }

    public func receive(_ message: InboundMessage) async throws -> Bool {
        guard takesMessages else { return false }
        state.withLock { $0.messages.append(message) }
        return true
    }

    public func now() -> Date { clock() }
}
