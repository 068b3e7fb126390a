import PengingatCore

/// What `templates check` shows for one kind in one language.
public struct TemplateCheckLine: Sendable {
    public let kind: MessageKind
    public let language: Household.Language
    /// The file used; for a fallback, the Indonesian file.
    public let path: String
    public let isFallback: Bool
    public let isOverride: Bool
    public let sample: RenderedMessage
}

/// The whole catalogue checked: every kind in every language, with the problems found.
public struct TemplateCheckReport: Sendable {
    public let lines: [TemplateCheckLine]
    public let problems: [TemplateProblem]
    public var passed: Bool { problems.isEmpty }
}

extension TemplateCatalogue {
    /// Renders every kind in Indonesian and Sundanese with its sample values, measures it, and
    /// reports a reminder over the segment budget (with the sample values, or with realistic long
    /// ones and the configured strings) or a kind that must have Sundanese but has not.
    public func check(configured: ConfiguredStrings = ConfiguredStrings()) -> TemplateCheckReport {
        var lines: [TemplateCheckLine] = []
        var problems: [TemplateProblem] = []
        for kind in MessageKind.allCases {
            for language in [Household.Language.indonesian, .sundanese] {
                guard let entry = entry(for: kind, language: language) else { continue }
                let isFallback = entry.language != language
                if isFallback, kind.requiresSundanese {
                    problems.append(TemplateProblem(
                        file: entry.path.replacingOccurrences(of: "/id/", with: "/su/"), .missingSundanese(kind: kind)))
                }
                let sample: RenderedMessage
                do {
                    sample = try render(kind, language: language, values: kind.sampleValues(language: language))
                } catch {
                    problems.append(TemplateProblem(file: entry.path, .syntax(detail: error.description)))
                    continue
                }
                if kind.isReminder, !isFallback || language == .indonesian {
                    if sample.smsSize.segments > settings.maxReminderSegments {
                        problems.append(TemplateProblem(
                            file: entry.path,
                            .tooManySegments(kind: kind, segments: sample.smsSize.segments, limit: settings.maxReminderSegments)))
                    } else if let realistic = try? render(
                        kind, language: language, values: kind.realisticValues(language: language, configured: configured)),
                        realistic.smsSize.segments > settings.maxReminderSegments {
                        problems.append(TemplateProblem(file: entry.path, .tooManySegmentsWithLongValues(
                            kind: kind, segments: realistic.smsSize.segments, limit: settings.maxReminderSegments, text: realistic.text)))
                    }
                }
                lines.append(TemplateCheckLine(
                    kind: kind, language: language, path: entry.path, isFallback: isFallback,
                    isOverride: entry.isOverride, sample: sample))
            }
        }
        return TemplateCheckReport(lines: lines, problems: problems)
    }
}
