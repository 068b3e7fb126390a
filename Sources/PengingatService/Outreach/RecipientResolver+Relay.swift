import PengingatCore
import PengingatStore
import PengingatTemplates

extension RecipientResolver.Recipient {
    /// A household's own text as this recipient receives it: as is on the household's phone; on
    /// the ketua's phone, inside a relay digest in the ketua's language, going by the ketua's channel.
    func delivered(
        _ text: String, to household: Household, greeting: TemplateValues, facilitator: String, members: [Member],
        catalogue: TemplateCatalogue
    ) throws -> (text: String, channel: Household.Channel) {
        guard case .relay(let leader, _) = self else { return (text, household.channel) }
        var relay = TemplateValues.greeting(for: leader, members: members)
        relay["titipan"] = .list([["penerima": greeting["nama"] ?? "", "pesan": .text(text)]])
        relay["pendamping"] = .text(facilitator)
        return (try catalogue.text(.relayDigest, language: leader.language, values: relay), leader.channel)
    }
}
