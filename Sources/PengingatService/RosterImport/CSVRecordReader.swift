/// Splits CSV text into records on its UTF-8 bytes, with each record's physical line.
///
/// It reads exactly as CSV.swift's `CSVReader` (trimming off) reads, quirks included, which
/// `RosterReadingFastPathTests` checks against CSV.swift on ordinary and malformed input: quoted fields
/// with `""` escapes and line breaks inside; CR, LF and CRLF end a record; a quote that closes a
/// field but is followed by anything else is kept and the character after it dropped; an
/// unclosed quote runs to the end of the text. CSV.swift builds every field one Unicode scalar
/// at a time, which made it a tenth of a whole roster import (BENCHMARKS.md, roster import);
/// every byte this reader acts on is ASCII, and UTF-8 never puts an ASCII byte inside a
/// multi-byte character, so fields are sliced from the bytes as they are.
struct CSVRecordReader {
    struct Record {
        /// 1-based physical line of the record's first character.
        let line: Int
        let fields: [String]
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    static func records(in text: String, delimiter: UInt8) -> [Record] {
        var text = text
        return text.withUTF8 { records(in: $0, delimiter: delimiter) }
    }

    static func records(in bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> [Record] {
        var records: [Record] = []
        var position = 0
        var line = 1
        let count = bytes.count
        while position < count {
            var fields: [String] = []
            var breaks = 0
            var endOfRecord = false
            while !endOfRecord {
                if position < count && bytes[position] == quote {
                    position += 1
                    var content: [UInt8] = []
                    var closed = false
                    while position < count {
                        let byte = bytes[position]
                        position += 1
                        guard byte == quote else {
                            content.append(byte)
                            continue
                        }
                        guard position < count else { closed = true; endOfRecord = true; break }
                        let next = bytes[position]
                        position += 1
                        if next == cr || next == lf {
                            if next == cr, position < count, bytes[position] == lf { position += 1 }
                            closed = true
                            endOfRecord = true
                            break
                        } else if next == delimiter {
                            closed = true
                            break
                        } else if next == quote {
                            content.append(quote)
                        } else {
                            // What CSV.swift does with a stray quote: keep it, drop the character after it.
                            content.append(quote)
                            position += scalarLength(after: next) - 1
                        }
                    }
                    if !closed { endOfRecord = true }
                    breaks += lineBreaks(in: content[...])
                    fields.append(String(decoding: content, as: UTF8.self))
                } else {
                    let start = position
                    var end = position
                    while position < count {
                        let byte = bytes[position]
                        if byte == cr || byte == lf {
                            end = position
                            position += 1
                            if byte == cr, position < count, bytes[position] == lf { position += 1 }
                            endOfRecord = true
                            break
                        } else if byte == delimiter {
                            end = position
                            position += 1
                            break
                        }
                        position += 1
                        end = position
                    }
                    if position >= count && end == count { endOfRecord = true }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
            }
            records.append(Record(line: line, fields: fields))
            line += 1 + breaks
        }
        return records
    }

    /// Counts CRLF, LF and CR as one break each, as an editor numbers lines.
    static func lineBreaks(in bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        var previousWasCR = false
        for byte in bytes {
            if byte == cr {
                count += 1
                previousWasCR = true
            } else {
                if byte == lf && !previousWasCR { count += 1 }
                previousWasCR = false
            }
        }
        return count
    }

    /// The number of bytes of the UTF-8 character that starts with `lead`.
    private static func scalarLength(after lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
