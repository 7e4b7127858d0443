"""Demo training courses (part of `field-app demo`).

A few courses a year on the programme's topics, each with people from two to five
enterprises of the demo registry, and now and then a productivity-expert course
that trains trainee experts. Written through the repository's bulk insert and
queued for sync like any other completed record.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from field_app.clock import utc_now
from field_app.models.training import CourseEnterprise, TrainingCourse
from field_app.models.visit import RecordStatus
from field_app.store import Store

TOPICS = ["5s", "5s", "iso_9001", "vietgap", "productivity_tools", "digital_transformation",
          "kaizen", "lean", "traceability", "productivity_expert"]  # fmt: skip
TITLES = {
    "5s": "Tập huấn áp dụng 5S tại nơi làm việc",
    "iso_9001": "Đào tạo nhận thức và đánh giá nội bộ ISO 9001:2015",
    "vietgap": "Tập huấn sản xuất theo VietGAP trồng trọt",
    "productivity_tools": "Tập huấn công cụ cải tiến năng suất chất lượng",
    "digital_transformation": "Chuyển đổi số cho doanh nghiệp nhỏ và vừa, hợp tác xã",
    "kaizen": "Cải tiến liên tục Kaizen",
    "lean": "Sản xuất tinh gọn (Lean) cho cơ sở chế biến",
    "traceability": "Truy xuất nguồn gốc và tem QR cho sản phẩm OCOP",
    "productivity_expert": "Đào tạo chuyên gia năng suất (khóa cơ bản)",
}
PLACES = [
    "Hội trường Sở Khoa học và Công nghệ",
    "Trung tâm Hội nghị tỉnh",
    "Nhà văn hóa xã",
    "Hội trường UBND xã",
    "Tại cơ sở sản xuất",
]
ORGANISERS = [
    "Sở Khoa học và Công nghệ",
    "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
    "Sở Khoa học và Công nghệ phối hợp Viện Năng suất Việt Nam",
]
TRAINERS = ["TS. Nguyễn Văn Hải", "ThS. Trần Thu Hà", "ThS. Lê Minh Tuấn", "KS. Hoàng Thị Lan",
            "Chuyên gia Phạm Quốc Bảo"]  # fmt: skip
NOTES = [
    "Học viên thực hành tại xưởng; có ảnh danh sách điểm danh.",
    "Phát tài liệu và phiếu đánh giá sau khóa học.",
    "",
]


def generate_training(
    store: Store, enterprise_ids: list[str], today: date, *, courses: int, seed: int
) -> int:
    """Make `courses` courses over the last two years (the newest may be a draft)."""
    if not enterprise_ids or courses <= 0:
        return 0
    rng = random.Random(seed * 7919 + 13)  # its own stream: other demo data stay as they were
    made = []
    for number in range(courses):
        topic = rng.choice(TOPICS)
        start = today - timedelta(days=rng.randint(7, 700))
        sent = [
            CourseEnterprise(enterprise_id=e, participants=rng.randint(2, 8))
            for e in rng.sample(enterprise_ids, min(len(enterprise_ids), rng.randint(2, 5)))
        ]
        participants = sum(e.participants for e in sent) + rng.randint(0, 25)
        expert_course = topic == "productivity_expert"
        draft = number == courses - 1 and rng.random() < 0.5
        days = rng.choice([0, 1, 2, 4] if expert_course else [0, 1])
        made.append(
            TrainingCourse(
                **store.stamp(),
                start_date=start,
                end_date=start + timedelta(days=days),
                topic=topic,
                title=TITLES[topic],
                organiser=rng.choice(ORGANISERS),
                place=rng.choice(PLACES),
                trainers=rng.sample(TRAINERS, rng.randint(1, 2)),
                participants=participants,
                productivity_experts=rng.randint(1, 3) if expert_course else rng.choice([0, 0, 1]),
                trainee_experts=rng.randint(3, 8) if expert_course else 0,
                enterprises=sent,
                notes=rng.choice(NOTES),
                status=RecordStatus.DRAFT if draft else RecordStatus.COMPLETED,
                completed_at=None if draft else utc_now(),
            )
        )
    return store.training_courses.insert_many(made)
