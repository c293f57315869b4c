"""The small hand-made corpus the search tests index: folded and exact words, đ, numbers, units."""

from datetime import datetime

from toandan.search import Candidate, SearchDocument
from toandan.vietnamese.dates import TIMEZONE

CORPUS = [
    # id, title, body, category, unit, year
    ("bao-ve", "Toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư",
     "Người dân bảo vệ an ninh Tổ quốc, giữ bình yên xóm ấp.", "Tin hoạt động", "Công an tỉnh", 2021),
    ("bao-cao", "Báo cáo sơ kết phong trào",
     "Bản báo cáo nêu kết quả tuyên truyền trong năm.", "Tin hoạt động", "Công an tỉnh", 2022),
    ("bao-tang", "Tham quan nhà truyền thống", "Học sinh được giới thiệu về bào thai lịch sử của tỉnh.",
     "Gương người tốt việc tốt", "Tỉnh đoàn", 2020),
    ("dang-uy", "Đảng ủy Công an tỉnh lãnh đạo phong trào", "Đảng ủy ban hành nghị quyết về dân vận.",
     "Chính sách pháp luật", "Công an tỉnh", 2021),
    ("duong-bien", "Giữ gìn đường biên, mốc giới", "Tổ tự quản tuần tra đường biên mỗi tháng.",
     "An ninh trật tự", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", 2022),
    ("to-tu-quan", "Củng cố 1.691 tổ tự quản", "Toàn tỉnh có 1.691 tổ tự quản với gần 47.000 thành viên.",
     "Mô hình tiêu biểu", "Ủy ban MTTQ tỉnh", 2021),
    ("tu-quan-to", "Quản lý tự giác", "Mỗi tổ dân phố tự quản lý người tạm trú; quản tự là sai trật tự từ.",
     "Mô hình tiêu biểu", "Ủy ban MTTQ tỉnh", 2020),
    ("camera", "Lắp camera an ninh ở Lộc Ninh", "Mạng lưới camera an ninh giúp truy tìm kẻ trộm.",
     "Mô hình tiêu biểu", "Công an huyện Lộc Ninh", 2022),
    ("qua-tang", "Trao 8.230 phần quà", "Tổng trị giá 3,68 tỷ đồng cho hộ nghèo.", "Tin hoạt động",
     "Công an tỉnh", 2021),
    ("an-toan", "Trường học an toàn", "Ở trường, học sinh được dạy về an toàn giao thông.",
     "Mô hình tiêu biểu", "Công an tỉnh", 2022),
    ("cuu-chien-binh", "Cựu chiến binh hòa giải", "Ông Tư hòa giải mâu thuẫn ở ấp.",
     "Gương người tốt việc tốt", "Hội Cựu chiến binh tỉnh", 2020),
    ("ma-tuy", "Phòng chống ma túy", "Câu lạc bộ 3 không: không mua bán, không tàng trữ, không sử dụng.",
     "Phòng chống tội phạm", "Hội Liên hiệp Phụ nữ tỉnh", 2022),
] + [(f"tin-{n}", f"Tin ngắn số {n} về tuyên truyền", f"Buổi tuyên truyền số {n} ở xã biên giới.",
      "Tin hoạt động", "Tỉnh đoàn", 2022) for n in range(1, 14)]


def document(item) -> SearchDocument:
    doc_id, title, body, category, unit, year = item
    return SearchDocument(doc_id, "article", f"{year}/01/{doc_id}/", title, body, f"{category} · {unit}",
                          category, unit, datetime(year, 3, int(len(doc_id) % 27) + 1, 8, tzinfo=TIMEZONE),
                          fingerprint=f"{title}|{body}")


def candidates(items):
    return [Candidate(item[0], f"{item[1]}|{item[2]}", (lambda item=item: document(item))) for item in items]


def ids(result) -> list[str]:
    return [hit["id"] for hit in result.hits]

