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

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    write_po(root / "resources/vi_VN/LC_MESSAGES/qt.po", {}, QT)
