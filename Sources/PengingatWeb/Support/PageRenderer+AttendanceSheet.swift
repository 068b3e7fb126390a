import Mustache

extension PageRenderer {
    /// A meeting's attendance sheet as a document of its own, without the pages' header and
    /// menu, which have no place on paper: the page `/pertemuan/…/daftar-hadir` and
    /// `pengingat pertemuan daftar-hadir` both print what this returns, so they cannot drift apart.
    public func attendanceSheet(_ sheet: AttendanceSheetView) -> String {
        library.render(sheet, withTemplate: "daftar-hadir") ?? ""
    }
}
