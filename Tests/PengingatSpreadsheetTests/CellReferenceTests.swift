import PengingatCore
import PengingatSpreadsheet
import Testing

@Suite("Cell references and Excel dates")
struct CellReferenceTests {
    @Test("C14, AA3 and $B$2 read back to their row and column, and columns back to letters")
    func references() {
        #expect(CellReference("C14") == CellReference(row: 14, column: 2))
        #expect(CellReference("AA3") == CellReference(row: 3, column: 26))
        #expect(CellReference("$B$2") == CellReference(row: 2, column: 1))
        #expect(CellReference("14C") == nil && CellReference("C0") == nil && CellReference("") == nil)
        #expect(["A", "Z", "AA", "AZ", "BA", "XFD"] == [0, 25, 26, 51, 52, 16383].map(CellReference.letters(ofColumn:)))
        #expect(CellRange("A1:C2")?.contains(CellReference(row: 2, column: 1)) == true)
        #expect(CellRange("A1:C2")?.contains(CellReference(row: 3, column: 1)) == false)
    }

    @Test("serial days are the dates Excel shows, in both date systems")
    func serials() {
        #expect(ExcelDate.date(serial: 43597, uses1904: false) == CalendarDate(year: 2019, month: 5, day: 12))
        #expect(ExcelDate.date(serial: 43597.75, uses1904: false) == CalendarDate(year: 2019, month: 5, day: 12))
        #expect(ExcelDate.date(serial: 61, uses1904: false) == CalendarDate(year: 1900, month: 3, day: 1))
        #expect(ExcelDate.date(serial: 42135, uses1904: true) == CalendarDate(year: 2019, month: 5, day: 12))
        #expect(ExcelDate.date(serial: 0.5, uses1904: false) == nil)
    }

    @Test("date formats are told from number formats, also in an Indonesian locale's custom codes")
    func dateFormats() {
        #expect(ExcelDate.isDateFormat(id: 14, code: nil))
        #expect(ExcelDate.isDateFormat(id: 164, code: "dd/mm/yyyy"))
        #expect(ExcelDate.isDateFormat(id: 165, code: "[$-421]d mmmm yyyy;@"))
        #expect(!ExcelDate.isDateFormat(id: 1, code: nil))
        #expect(!ExcelDate.isDateFormat(id: 166, code: "0"))
        #expect(!ExcelDate.isDateFormat(id: 167, code: "\"hari\" 0"))
        #expect(!ExcelDate.isDateFormat(id: 168, code: "[h]:mm"))
    }

    @Test("numbers read as an import wants them: integers plain, phone numbers without exponent")
    func numbers() {
        #expect(Cell.number(raw: "8123456789").text == "8123456789")
        #expect(Cell.number(raw: "8.123456789E9").text == "8123456789")
        #expect(Cell.number(raw: "12.0").text == "12")
        #expect(Cell.number(raw: "1.5").text == "1.5")
        #expect(Cell.date(CalendarDate(year: 2019, month: 5, day: 2)!).text == "2019-05-02")
        #expect(Cell.error("#N/A").text == nil)
    }
}
