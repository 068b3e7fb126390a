import Foundation
import Testing

@testable import PengingatService

@Suite("CSV dialects")
struct CSVDocumentTests {
    @Test("Excel in an Indonesian locale: BOM, semicolons, CRLF")
    func excelIndonesian() {
        let text = "\u{FEFF}id_kpm;nama_pengurus;alamat\r\nKPM-1;Ani;Kp. Anggrek, RT 01\r\nKPM-2;Euis;Jl. Mawar\r\n"
        let document = CSVDocument(text: text)
        #expect(document.delimiter == ";")
        #expect(document.header == ["id_kpm", "nama_pengurus", "alamat"])
        #expect(document.records.map(\.fields) == [["KPM-1", "Ani", "Kp. Anggrek, RT 01"], ["KPM-2", "Euis", "Jl. Mawar"]])
        #expect(document.records.map(\.line) == [2, 3])
    }

    @Test("quoted fields keep separators, quotes and line breaks, and line numbers stay right")
    func quotedNewlines() {
        let text = """
            id_kpm,nama_pengurus,alamat
            KPM-1,"Ani, Bu","Jl. Mawar No. 5
            (belakang ""masjid"")"
            KPM-2,Euis,"Kp. A\r\nRT 01\r\nRW 02"
            KPM-3,Siti,Kp. B
            """
        let document = CSVDocument(text: text)
        #expect(document.delimiter == ",")
        #expect(document.records.count == 3)
        #expect(document.records[0].fields == ["KPM-1", "Ani, Bu", "Jl. Mawar No. 5\n(belakang \"masjid\")"])
        #expect(document.records.map(\.line) == [2, 4, 7])
        #expect(!document.endsInsideQuotes)
    }

    @Test("blank lines count as lines and are kept as blank records")
    func blankLines() {
        let document = CSVDocument(text: "a;b\n\nx;y\n;\nz;w\n")
        #expect(document.records.map(\.line) == [2, 3, 4, 5])
        #expect(document.records.map(\.isBlank) == [true, false, true, false])
    }

    @Test("the separator is chosen from the header, ignoring quoted text")
    func delimiterDetection() {
        #expect(CSVDocument.detectDelimiter(in: "a,b,c\n1;2;3;4;5") == ",")
        #expect(CSVDocument.detectDelimiter(in: "\"a;b;c\",d,e\n") == ",")
        #expect(CSVDocument.detectDelimiter(in: "a\tb\tc\n") == "\t")
        #expect(CSVDocument.detectDelimiter(in: "a;b,c;d\n") == ";")
        #expect(CSVDocument.detectDelimiter(in: "single\n1\n") == ",")
    }

    @Test("UTF-16 with BOM and Windows-1252 files are decoded")
    func encodings() throws {
        let text = "id_kpm\tnama_pengurus\nKPM-1\tAnisa Rahmawati\n"
        let utf16 = try #require(text.data(using: .utf16))  // Foundation writes a BOM
        let document = CSVDocument(data: utf16)
        #expect(document.encoding == .utf16)
        #expect(document.delimiter == "\t")
        #expect(document.records.first?.fields == ["KPM-1", "Anisa Rahmawati"])

        let latin = Data("id_kpm;nama_pengurus\nKPM-1;Ren\u{E9}\n".utf8).replacingUTF8(with: [0xE9])
        let legacy = CSVDocument(data: latin)
        #expect(legacy.encoding == .windows1252)
        #expect(legacy.records.first?.fields == ["KPM-1", "René"])
    }

    @Test("an unclosed quote is detected at the end of the file")
    func unclosedQuote() {
        let document = CSVDocument(text: "a;b\n1;\"Jl. Mawar\n2;x\n3;y\n")
        #expect(document.endsInsideQuotes)
        #expect(document.records.count == 1)
    }

    @Test("header names are compared without case, spaces or hyphens")
    func headerNormalisation() {
        #expect(CSVDocument(text: " ID KPM ;Nama-Pengurus;NO_HP\n").header == ["id_kpm", "nama_pengurus", "no_hp"])
    }
}

extension Data {
    /// Replaces the UTF-8 encoding of é with the given single byte, to make a Windows-1252 file.
    fileprivate func replacingUTF8(with bytes: [UInt8]) -> Data {
        var result = Data()
        var index = startIndex
        while index < endIndex {
            if self[index] == 0xC3, index + 1 < endIndex, self[index + 1] == 0xA9 {
                result.append(contentsOf: bytes)
                index += 2
            } else {
                result.append(self[index])
                index += 1
            }
        }
        return result
    }
}
