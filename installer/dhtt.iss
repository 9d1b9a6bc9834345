; Inno Setup 6 script: the Windows installer of DHTT, wrapping the one-folder program
; that installer\dhtt.spec builds in dist\dhtt\ (README: "Bộ cài cho Windows").
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\dhtt.iss
;   -> dist\DHTT-<version>-cai-dat.exe
;
; - Per-user install by default, no administrator rights (%LOCALAPPDATA%\Programs\DHTT);
;   an administrator may choose "for all users" in the first dialog or with /ALLUSERS.
; - Start-menu entry and desktop shortcut; .dhtt sync packages open in DHTT.
; - Vietnamese texts: the [Messages] and [CustomMessages] below translate every page of
;   this installer and uninstaller over Inno Setup's English base, so no extra language
;   file is needed. With the unofficial Vietnamese.isl from the Inno Setup web site copied
;   to installer\, compile with /DVIETNAMESE_ISL to use it as the base instead.
; - The data folder (%LOCALAPPDATA%\DHTT\DHTT: the database, its backups, keys, logs) is
;   not the program folder: updating or uninstalling never touches it.
; - An update installs over the old version (same AppId); the program copies the database
;   to dhtt.backup-DATE-TIME-REVISION.sqlite beside it before upgrading it at first start.

#define AppName "DHTT"
#define AppExe "dhtt.exe"
; The bundle built by installer\dhtt.spec (ISPP resolves this from the script folder).
#define SourceDir AddBackslash(SourcePath) + "..\dist\dhtt"
#ifndef AppVersion
  ; The version PyInstaller wrote into dhtt.exe from app/__init__.py (e.g. 0.1.0.0).
  #define AppVersion GetVersionNumbersString(SourceDir + "\" + AppExe)
#endif

[Setup]
AppId={{6F1C2D7A-4B1E-4D8A-9C55-2E7B3A9D0F14}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=DHTT
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Bộ cài DHTT – Điển hình tiên tiến
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; Per user, without administrator rights, unless someone chooses otherwise.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
UsePreviousPrivileges=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=DHTT-{#AppVersion}-cai-dat
SetupIconFile=..\resources\icons\dhtt.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=no

[Languages]
#ifdef VIETNAMESE_ISL
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl"
#endif

[Messages]
vi.SetupAppTitle=Cài đặt
vi.SetupWindowTitle=Cài đặt – %1
vi.UninstallAppTitle=Gỡ bỏ
vi.UninstallAppFullTitle=Gỡ bỏ %1
vi.ConfirmTitle=Xác nhận
vi.ErrorTitle=Lỗi
vi.ExitSetupTitle=Thoát cài đặt
vi.ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nCó thể chạy lại bộ cài vào lúc khác để cài tiếp.%n%nThoát cài đặt?
vi.AboutSetupMenuItem=&Về bộ cài...
vi.ButtonBack=< &Quay lại
vi.ButtonNext=&Tiếp >
vi.ButtonInstall=&Cài đặt
vi.ButtonOK=Đồng ý
vi.ButtonCancel=Hủy
vi.ButtonYes=&Có
vi.ButtonYesToAll=Có với &tất cả
vi.ButtonNo=&Không
vi.ButtonNoToAll=K&hông với tất cả
vi.ButtonFinish=&Hoàn tất
vi.ButtonBrowse=&Chọn...
vi.ButtonWizardBrowse=C&họn...
vi.ButtonNewFolder=&Tạo thư mục mới
vi.SelectLanguageTitle=Chọn ngôn ngữ cài đặt
vi.SelectLanguageLabel=Chọn ngôn ngữ dùng khi cài đặt.
vi.PrivilegesRequiredOverrideTitle=Chọn cách cài đặt
vi.PrivilegesRequiredOverrideInstruction=Cài cho ai dùng
vi.PrivilegesRequiredOverrideText1=%1 có thể cài cho mọi người dùng máy này (cần quyền quản trị) hoặc chỉ cho riêng bạn.
vi.PrivilegesRequiredOverrideText2=%1 có thể cài chỉ cho riêng bạn hoặc cho mọi người dùng máy này (cần quyền quản trị).
vi.PrivilegesRequiredOverrideAllUsers=Cài cho &mọi người dùng
vi.PrivilegesRequiredOverrideAllUsersRecommended=Cài cho &mọi người dùng (nên chọn)
vi.PrivilegesRequiredOverrideCurrentUser=Chỉ cài cho &riêng tôi
vi.PrivilegesRequiredOverrideCurrentUserRecommended=Chỉ cài cho &riêng tôi (nên chọn)
vi.WelcomeLabel1=Chào mừng đến với bộ cài [name]
vi.WelcomeLabel2=Bộ cài sẽ cài [name/ver] vào máy tính này.%n%nNên đóng các chương trình khác trước khi tiếp tục. Dữ liệu đã có của DHTT được giữ nguyên.
vi.WizardSelectDir=Chọn nơi cài đặt
vi.SelectDirDesc=Cài [name] vào đâu?
vi.SelectDirLabel3=Bộ cài sẽ cài [name] vào thư mục dưới đây.
vi.SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
vi.DiskSpaceGBLabel=Cần ít nhất [gb] GB chỗ trống trên ổ đĩa.
vi.DiskSpaceMBLabel=Cần ít nhất [mb] MB chỗ trống trên ổ đĩa.
vi.DirExistsTitle=Thư mục đã có
vi.DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
vi.WizardSelectTasks=Chọn việc làm thêm
vi.SelectTasksDesc=Làm thêm những việc nào?
vi.SelectTasksLabel2=Chọn những việc bộ cài làm thêm khi cài [name], rồi bấm Tiếp.
vi.WizardReady=Sẵn sàng cài đặt
vi.ReadyLabel1=Bộ cài đã sẵn sàng cài [name] vào máy tính này.
vi.ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại để xem lại, thay đổi lựa chọn.
vi.ReadyLabel2b=Bấm Cài đặt để bắt đầu.
vi.ReadyMemoDir=Nơi cài đặt:
vi.ReadyMemoTasks=Việc làm thêm:
vi.WizardPreparing=Chuẩn bị cài đặt
vi.PreparingDesc=Bộ cài đang chuẩn bị cài [name] vào máy tính này.
vi.ApplicationsFound=Các chương trình sau đang dùng những tệp bộ cài cần cập nhật. Nên để bộ cài tự đóng các chương trình này.
vi.ApplicationsFound2=Các chương trình sau đang dùng những tệp bộ cài cần cập nhật. Nên để bộ cài tự đóng các chương trình này. Cài xong, bộ cài sẽ thử mở lại chúng.
vi.CloseApplications=&Tự động đóng các chương trình
vi.DontCloseApplications=&Không đóng các chương trình
vi.WizardInstalling=Đang cài đặt
vi.InstallingLabel=Xin chờ trong khi bộ cài cài [name] vào máy tính này.
vi.FinishedHeadingLabel=Đã cài xong [name]
vi.FinishedLabelNoIcons=Bộ cài đã cài xong [name] vào máy tính này.
vi.FinishedLabel=Bộ cài đã cài xong [name] vào máy tính này. Mở chương trình từ biểu tượng trên màn hình hoặc trong menu Start.
vi.ClickFinish=Bấm Hoàn tất để thoát bộ cài.
vi.RunEntryExec=Mở %1
vi.RunEntryShellExec=Xem %1
vi.SetupAppRunningError=Bộ cài thấy %1 đang chạy.%n%nHãy đóng %1, rồi bấm Đồng ý để tiếp tục, hoặc Hủy để thoát.
vi.UninstallAppRunningError=Trình gỡ bỏ thấy %1 đang chạy.%n%nHãy đóng %1, rồi bấm Đồng ý để tiếp tục, hoặc Hủy để thoát.
vi.StatusClosingApplications=Đang đóng các chương trình...
vi.StatusCreateDirs=Đang tạo thư mục...
vi.StatusExtractFiles=Đang chép các tệp...
vi.StatusCreateIcons=Đang tạo biểu tượng...
vi.StatusCreateIniEntries=Đang ghi tệp cấu hình...
vi.StatusCreateRegistryEntries=Đang ghi vào sổ đăng ký...
vi.StatusRegisterFiles=Đang đăng ký các tệp...
vi.StatusSavingUninstall=Đang lưu thông tin để gỡ bỏ...
vi.StatusRunProgram=Đang hoàn tất việc cài đặt...
vi.StatusRestartingApplications=Đang mở lại các chương trình...
vi.StatusRollback=Đang hoàn lại các thay đổi...
vi.ConfirmUninstall=Gỡ bỏ %1 khỏi máy này?%n%nDữ liệu (tệp dhtt.sqlite và các bản sao lưu) được giữ lại.
vi.UninstallStatusLabel=Xin chờ trong khi gỡ bỏ %1 khỏi máy tính này.
vi.UninstalledAll=Đã gỡ bỏ %1 khỏi máy tính này.
vi.UninstalledMost=Đã gỡ bỏ xong %1.%n%nMột vài mục không gỡ được, có thể xóa bằng tay.
vi.WizardUninstalling=Tình trạng gỡ bỏ
vi.StatusUninstalling=Đang gỡ bỏ %1...

[CustomMessages]
vi.NameAndVersion=%1 phiên bản %2
vi.AdditionalIcons=Biểu tượng:
vi.CreateDesktopIcon=Tạo biểu tượng trên &màn hình
vi.UninstallProgram=Gỡ bỏ %1
vi.LaunchProgram=Mở %1
vi.AssocFileExtension=&Mở tệp %2 bằng %1
vi.AssocingFileExtension=Đang gắn tệp %2 với %1...
vi.AssocTask=Mở gói đồng bộ (tệp .dhtt) bằng DHTT
vi.PackageFileType=Gói đồng bộ DHTT
vi.DataKept=Đã gỡ bỏ chương trình DHTT. Dữ liệu của bạn vẫn còn trong thư mục:%n%n%1%n%nCài lại DHTT thì dữ liệu được mở như cũ. Muốn xóa hẳn, hãy chép ra nơi khác (nếu cần) rồi tự xóa thư mục này.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "assocdhtt"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; The previous version's libraries: an update must not mix them with the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Comment: "Điển hình tiên tiến – Gia Lai"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Comment: "Điển hình tiên tiến – Gia Lai"; Tasks: desktopicon

[Registry]
; HKA: the current user's classes for a per-user install, the machine's for all users.
Root: HKA; Subkey: "Software\Classes\.dhtt"; ValueType: string; ValueName: ""; ValueData: "DHTT.Package"; Flags: uninsdeletevalue; Tasks: assocdhtt
Root: HKA; Subkey: "Software\Classes\.dhtt\OpenWithProgids"; ValueType: string; ValueName: "DHTT.Package"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assocdhtt
Root: HKA; Subkey: "Software\Classes\DHTT.Package"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageFileType}"; Flags: uninsdeletekey; Tasks: assocdhtt
Root: HKA; Subkey: "Software\Classes\DHTT.Package\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assocdhtt
Root: HKA; Subkey: "Software\Classes\DHTT.Package\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assocdhtt
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".dhtt"; ValueData: ""; Flags: uninsdeletekey; Tasks: assocdhtt

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program may have written inside its own folder (catalogs compiled at
; start). Never the data folder.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"

[Code]
function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\DHTT\DHTT');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataFolder()]), mbInformation, MB_OK);
end;
