"""Regenerate resources/vi_VN/LC_MESSAGES/qt.po: Vietnamese for Qt's own strings.

Contexts and source texts were read from Qt's qtbase_*.qm (Qt ships no Vietnamese).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from po_write import write_po  # noqa: E402

EDIT = {"&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
        "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả"}
QT = {
    "QPlatformTheme": {
        "OK": "Đồng ý", "Cancel": "Hủy bỏ", "&Yes": "&Có", "&No": "&Không", "Save": "Lưu",
        "Save All": "Lưu tất cả", "Open": "Mở", "Close": "Đóng", "Apply": "Áp dụng",
        "Reset": "Đặt lại", "Help": "Trợ giúp", "Discard": "Bỏ thay đổi", "Abort": "Dừng",
        "Retry": "Thử lại", "Ignore": "Bỏ qua", "Yes to &All": "Có với &tất cả",
        "N&o to All": "&Không với tất cả", "Restore Defaults": "Khôi phục mặc định",
        "Don't Save": "Không lưu", "Close without Saving": "Đóng không lưu",
    },
    "QDialogButtonBox": {"OK": "Đồng ý"},
    "QLineEdit": EDIT,
    "QWidgetTextControl": {**EDIT, "Copy &Link Location": "Sao chép địa chỉ &liên kết"},
    "QAbstractSpinBox": {"&Select All": "&Chọn tất cả", "&Step up": "&Tăng",
                         "Step &down": "&Giảm"},
    "QMessageBox": {"Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết...",
                    "About Qt": "Giới thiệu Qt"},
    "QScrollBar": {"Scroll here": "Cuộn tới đây", "Left edge": "Mép trái", "Top": "Đầu",
                   "Right edge": "Mép phải", "Bottom": "Cuối", "Page left": "Sang trái một trang",
                   "Page up": "Lên một trang", "Page right": "Sang phải một trang",
                   "Page down": "Xuống một trang", "Scroll left": "Cuộn sang trái",
                   "Scroll up": "Cuộn lên", "Scroll right": "Cuộn sang phải",
                   "Scroll down": "Cuộn xuống"},
    "QProgressDialog": {"Cancel": "Hủy bỏ"},
    "QInputDialog": {"Enter a value:": "Nhập giá trị:"},
    "QFileDialog": {
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
        "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nBạn có muốn ghi đè không?",
        "&Choose": "&Chọn", "&Delete": "&Xóa", "&Look in:": "&Tìm trong:",
        "&New Folder": "Thư mục &mới", "&Open": "&Mở", "&Rename": "Đổi &tên", "&Save": "&Lưu",
        "'%1' is write protected.\nDo you want to delete it anyway?":
            "'%1' đang được bảo vệ chống ghi.\nBạn vẫn muốn xóa chứ?",
        "All Files (*)": "Tất cả các tệp (*)", "All files (*)": "Tất cả các tệp (*)",
        "Are you sure you want to delete '%1'?": "Bạn có chắc muốn xóa '%1'?",
        "Back": "Lùi lại", "Change to detail view mode": "Xem dạng chi tiết",
        "Change to list view mode": "Xem dạng danh sách",
        "Could not delete directory.": "Không xóa được thư mục.",
        "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo một thư mục mới",
        "Delete": "Xóa", "Detail View": "Xem chi tiết", "Directories": "Thư mục",
        "Directory:": "Thư mục:", "File &name:": "&Tên tệp:", "Files": "Tệp",
        "Files of &type:": "&Loại tệp:", "Find Directory": "Chọn thư mục",
        "Forward": "Tiến tới", "Go back": "Lùi lại", "Go forward": "Tiến tới",
        "Go to the parent directory": "Lên thư mục cha", "List View": "Xem danh sách",
        "List of places and bookmarks": "Danh sách nơi lưu và dấu trang",
        "New Folder": "Thư mục mới", "Open": "Mở", "Parent Directory": "Thư mục cha",
        "Recent Places": "Nơi đã mở gần đây", "Remove": "Gỡ bỏ", "Save As": "Lưu thành",
        "Show &hidden files": "Hiện các tệp &ẩn", "Sidebar": "Thanh bên",
    },
    "QFileSystemModel": {"Computer": "Máy tính", "Date Modified": "Ngày sửa",
                         "Kind": "Loại", "My Computer": "Máy tính", "Name": "Tên",
                         "Size": "Kích thước", "Type": "Kiểu"},
    "QPrintDialog": {
        "&Options <<": "&Tùy chọn <<", "&Options >>": "&Tùy chọn >>", "&Print": "&In",
        "All Pages": "Tất cả các trang", "Even Pages": "Trang chẵn", "Odd Pages": "Trang lẻ",
        "Local file": "Tệp trên máy", "Print": "In", "Print To File ...": "In ra tệp ...",
        "Print to File (PDF)": "In ra tệp (PDF)", "Write PDF file": "Ghi tệp PDF",
        "Invalid Pages Definition": "Khoảng trang không hợp lệ",
        "The 'From' value cannot be greater than the 'To' value.":
            "Giá trị 'Từ' không được lớn hơn giá trị 'Đến'.",
        "%1 already exists.\nDo you want to overwrite it?": "%1 đã có.\nBạn có muốn ghi đè không?",
        "File %1 is not writable.\nPlease choose a different file name.":
            "Không ghi được tệp %1.\nHãy chọn tên tệp khác.",
        "%1 is a directory.\nPlease choose a different file name.":
            "%1 là một thư mục.\nHãy chọn tên tệp khác.",
    },
    "QPrintPreviewDialog": {
        "Export to PDF": "Xuất ra PDF", "First page": "Trang đầu", "Fit page": "Vừa trang",
        "Fit width": "Vừa chiều rộng", "Landscape": "Khổ ngang", "Last page": "Trang cuối",
        "Next page": "Trang sau", "Page Setup": "Thiết lập trang", "Page setup": "Thiết lập trang",
        "Portrait": "Khổ dọc", "Previous page": "Trang trước", "Print": "In",
        "Print Preview": "Xem trước khi in", "Show facing pages": "Xem hai trang đối diện",
        "Show overview of all pages": "Xem tổng quan các trang",
        "Show single page": "Xem từng trang", "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ",
    },
}

# The print dialog, its printer properties (page setup, CUPS job options) and the file
# dialog's leftovers, as the dialogs look them up (found with --record, see below).
QT.update({
    "QPrintWidget": {
        "&Name:": "&Tên:", "...": "...", "Form": "Biểu mẫu", "Location:": "Vị trí:",
        "Output &file:": "&Tệp kết quả:", "P&roperties": "Th&uộc tính", "Preview": "Xem trước",
        "Printer": "Máy in", "Type:": "Loại:",
    },
    "QPrintSettingsOutput": {
        "Collate": "Sắp theo bộ", "Color": "Màu", "Color Mode": "Chế độ màu",
        "Copies": "Số bản", "Copies:": "Số bản:", "Current Page": "Trang hiện tại",
        "Double Sided Printing": "In hai mặt", "Form": "Biểu mẫu", "Grayscale": "Thang xám",
        "Long side binding": "Đóng gáy cạnh dài", "Off": "Tắt", "Options": "Tùy chọn",
        "Output Settings": "Thiết lập in", "Page &Set:": "&Nhóm trang:", "Pages": "Trang",
        "Pages from": "Từ trang", "Print all": "In tất cả", "Print range": "Phạm vi in",
        "Reverse": "In ngược thứ tự", "Selection": "Phần đã chọn",
        "Short side binding": "Đóng gáy cạnh ngắn",
        "Specify pages or ranges separated by commas. Ranges are specified by two numbers "
        "separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.":
            "Ghi các trang hoặc khoảng trang, cách nhau bằng dấu phẩy; khoảng trang là hai số "
            "nối bằng dấu gạch ngang. Ví dụ: 3,5-7,9 in các trang 3, 5, 6, 7 và 9.",
        "to": "đến",
    },
    "QPrintPropertiesDialog": {"Job Options": "Tùy chọn lệnh in",
                               "Printer Properties": "Thuộc tính máy in"},
    "QPrintPropertiesWidget": {
        "Advanced": "Nâng cao", "Form": "Biểu mẫu", "Page": "Trang",
        "There are conflicts in some options. Please fix them.":
            "Một số tùy chọn mâu thuẫn nhau. Hãy sửa lại.",
    },
    "QPageSetupWidget": {
        "Cicero (CC)": "Cicero (CC)", "Custom": "Tùy chỉnh", "Didot (DD)": "Didot (DD)",
        "Form": "Biểu mẫu", "Height:": "Chiều cao:", "Inches (in)": "Inch (in)",
        "Landscape": "Khổ ngang", "Margins": "Lề", "Millimeters (mm)": "Milimét (mm)",
        "Orientation": "Hướng giấy", "Page &order:": "&Thứ tự trang:",
        "Page Layout": "Bố cục trang", "Page size:": "Khổ giấy:",
        "Pages &per sheet:": "Số trang trên một &tờ:", "Paper": "Giấy",
        "Paper source:": "Khay giấy:", "Pica (P̸)": "Pica (P̸)", "Points (pt)": "Point (pt)",
        "Portrait": "Khổ dọc", "Reverse landscape": "Khổ ngang lật ngược",
        "Reverse portrait": "Khổ dọc lật ngược", "Width:": "Chiều rộng:",
        "bottom margin": "lề dưới", "left margin": "lề trái", "mm": "mm",
        "right margin": "lề phải", "top margin": "lề trên",
    },
    "QPrintDialog": {**QT["QPrintDialog"], **{
        "1 (1x1)": "1 (1x1)", "16 (4x4)": "16 (4x4)", "2 (2x1)": "2 (2x1)",
        "4 (2x2)": "4 (2x2)", "6 (2x3)": "6 (2x3)", "9 (3x3)": "9 (3x3)",
        "Bottom to Top, Left to Right": "Dưới lên trên, trái sang phải",
        "Bottom to Top, Right to Left": "Dưới lên trên, phải sang trái",
        "Left to Right, Bottom to Top": "Trái sang phải, dưới lên trên",
        "Left to Right, Top to Bottom": "Trái sang phải, trên xuống dưới",
        "Right to Left, Bottom to Top": "Phải sang trái, dưới lên trên",
        "Right to Left, Top to Bottom": "Phải sang trái, trên xuống dưới",
        "Top to Bottom, Left to Right": "Trên xuống dưới, trái sang phải",
        "Top to Bottom, Right to Left": "Trên xuống dưới, phải sang trái",
        "Print selection": "In phần đã chọn", "Print current page": "In trang hiện tại",
        "Print range": "Phạm vi in", "Automatic": "Tự động",
    }},
    "QCupsJobWidget": {
        "&Billing information:": "Thông tin &thanh toán:", "&End:": "&Cuối:",
        "&Start:": "&Đầu:", "Banner Pages": "Trang bìa", "Classified": "Mật",
        "Confidential": "Tối mật", "Day (06:00 to 17:59)": "Ban ngày (06:00 đến 17:59)",
        "Hold Indefinitely": "Giữ lại, chưa in", "Job": "Lệnh in",
        "Job &priority:": "Độ &ưu tiên:", "Job Control": "Điều khiển lệnh in",
        "Night (18:00 to 05:59)": "Ban đêm (18:00 đến 05:59)", "None": "Không",
        "Print Immediately": "In ngay", "Scheduled &printing:": "Hẹn &giờ in:",
        "Second Shift (16:00 to 23:59)": "Ca hai (16:00 đến 23:59)", "Secret": "Mật",
        "Specific Time": "Giờ cụ thể", "Standard": "Thường",
        "Third Shift (00:00 to 07:59)": "Ca ba (00:00 đến 07:59)", "Top Secret": "Tuyệt mật",
        "Unclassified": "Không mật", "Weekend (Saturday to Sunday)": "Cuối tuần (thứ Bảy, Chủ nhật)",
    },
    "QAbstractFileIconProvider": {"Drive": "Ổ đĩa", "Folder": "Thư mục", "File": "Tệp",
                                  "%1 File": "Tệp %1", "File Folder": "Thư mục",
                                  "Alias": "Lối tắt", "Shortcut": "Lối tắt",
                                  "Unknown": "Không rõ"},
    "QTabBar": {"Scroll Left": "Cuộn sang trái", "Scroll Right": "Cuộn sang phải"},
})
QT["QFileDialog"] = {**QT["QFileDialog"], "Show ": "Hiện "}
QT["QPageSize"] = {}


def _page_size(name: str) -> str:
    """Vietnamese for a paper size name: the code stays (A4, B5, C5), the words change."""
    words = [("Envelope", "Phong bì"), ("Double Postcard", "Bưu thiếp đôi"),
             ("Postcard", "Bưu thiếp"), ("Letter", "Khổ thư Mỹ"), ("Legal", "Khổ pháp lý Mỹ"),
             ("Tabloid", "Khổ báo Mỹ"), ("Ledger", "Khổ sổ cái Mỹ"), ("Executive", "Khổ Executive"),
             ("Statement", "Khổ Statement"), ("Architect", "Khổ kiến trúc"), ("Note", "Khổ ghi chú"),
             ("Quarto", "Khổ Quarto"), ("Folio", "Khổ Folio"),
             ("Fan-fold German Legal", "Giấy gấp Đức, khổ dài"),
             ("Fan-fold German", "Giấy gấp Đức"),
             ("Fan-fold US", "Giấy gấp Mỹ"), ("Custom", "Tùy chỉnh"), ("Extra", "mở rộng"),
             ("Plus", "cộng"), ("Small", "nhỏ"), ("Big", "lớn"), ("Personal", "cá nhân"),
             ("Invite", "thiệp mời"), ("Italian", "Ý"), ("Monarch", "Monarch"),
             ("Super", "Siêu")]
    out = name
    for english, vietnamese in words:
        out = out.replace(english, vietnamese)
    return out


PAGE_SIZES = [
    "A0", "A1", "A10", "A2", "A3", "A3 Extra", "A4", "A4 Extra", "A4 Plus", "A4 Small", "A5",
    "A5 Extra", "A6", "A7", "A8", "A9", "ANSI C", "ANSI D", "ANSI E", "Architect A",
    "Architect B", "Architect C", "Architect D", "Architect E", "B0", "B1", "B10", "B2", "B3",
    "B4", "B5", "B5 Extra", "B6", "B7", "B8", "B9", "Double Postcard", "Envelope B4",
    "Envelope B5", "Envelope B6", "Envelope C0", "Envelope C1", "Envelope C2", "Envelope C3",
    "Envelope C4", "Envelope C5", "Envelope C6", "Envelope C65", "Envelope C7",
    "Envelope Chou 3", "Envelope Chou 4", "Envelope DL", "Envelope Invite", "Envelope Italian",
    "Envelope Kaku 2", "Envelope Kaku 3", "Envelope Monarch", "Envelope PRC 1",
    "Envelope PRC 10", "Envelope PRC 2", "Envelope PRC 3", "Envelope PRC 4", "Envelope PRC 5",
    "Envelope PRC 6", "Envelope PRC 7", "Envelope PRC 8", "Envelope PRC 9", "Envelope Personal",
    "Envelope US 10", "Envelope US 11", "Envelope US 12", "Envelope US 14", "Envelope US 9",
    "Executive (7.25 x 10.5 in)", "Executive (7.5 x 10 in)", "Fan-fold German (8.5 x 12 in)",
    "Fan-fold German Legal (8.5 x 13 in)", "Fan-fold US (14.875 x 11 in)",
    "Folio (8.27 x 13 in)", "JIS B0", "JIS B1", "JIS B10", "JIS B2", "JIS B3", "JIS B4",
    "JIS B5", "JIS B6", "JIS B7", "JIS B8", "JIS B9", "Ledger / ANSI B", "Legal", "Legal Extra",
    "Letter / ANSI A", "Letter Extra", "Letter Plus", "Letter Small", "Note", "PRC 16K",
    "PRC 32K", "PRC 32K Big", "Postcard", "Quarto", "Statement", "Super A", "Super B",
    "Tabloid / ANSI B", "Tabloid Extra", "Custom (%1mm x %2mm)", "Custom (%1in x %2in)",
    "Custom (%1pt x %2pt)", "%1 x %2 in", "Custom",
]
QT["QPageSize"] = {name: _page_size(name) for name in PAGE_SIZES}


def record(show_dialogs) -> dict[str, list[str]]:  # noqa: ANN001
    """Every (context, source) Qt looks up and our catalog does not answer while
    ``show_dialogs()`` opens its dialogs: what is left to translate."""
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    seen: dict[str, set[str]] = {}

    class Recorder(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001
            seen.setdefault(context, set()).add(source)
            return None

        def isEmpty(self) -> bool:  # noqa: N802
            return False

    app = QApplication.instance()
    recorder = Recorder(app)
    app.installTranslator(recorder)  # asked only when the catalog has no answer
    from app.ui.qt_translation import install

    install(app)
    show_dialogs()
    # Keyboard names in shortcuts ("Ctrl+Q") stay as printed on the keys.
    seen.pop("QShortcut", None)
    seen.pop("QGuiApplication", None)
    return {k: sorted(v) for k, v in seen.items()}


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import json
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from PySide6.QtWidgets import QApplication

    _app = QApplication([])
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from qt_dialog_walk import open_each_dialog

    folder = Path(tempfile.mkdtemp())
    (folder / "thu-muc").mkdir()
    (folder / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n")
    print(json.dumps(record(lambda: open_each_dialog(folder)), ensure_ascii=False, indent=1))
    sys.exit(0)

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    write_po(root / "resources/vi_VN/LC_MESSAGES/qt.po", {}, QT)
