"""Factories and real files for the employers area's tests (licence uploads, registration data).

Files are built byte by byte here — a real PDF, PNG and JPEG — so upload tests exercise the content
check with genuine formats, not with mocks.
"""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from recruitment_weeks.reference.validators import uscc_check_character


def pdf_bytes(text: str = "Business licence") -> bytes:
    """A minimal, valid one-page PDF (with a correct cross-reference table)."""
    stream = f"BT /F1 12 Tf 20 50 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG of the given size, all blue."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x1a\x56\xa6" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """A valid baseline JPEG: one 8×8 grey block (DC difference 0, then end-of-block)."""
    counts_one = bytes([1] + [0] * 15)
    return b"".join(
        [
            b"\xff\xd8",  # SOI
            b"\xff\xdb\x00\x43\x00" + b"\x01" * 64,  # DQT: table 0, all ones
            b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00",  # SOF0: 8×8, one component
            b"\xff\xc4\x00\x14\x00" + counts_one + b"\x00",  # DHT DC 0: one code, category 0
            b"\xff\xc4\x00\x14\x10" + counts_one + b"\x00",  # DHT AC 0: one code, end-of-block
            b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00",  # SOS
            b"\x3f",  # bits 0 (DC 0) 0 (EOB), padded with ones
            b"\xff\xd9",  # EOI
        ]
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def licence_pdf(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(), "application/pdf")


def uscc_for(n: int, region: str = "110108") -> str:
    """A valid 统一社会信用代码 that EmployerFactory's sequence (region 110000) never produces."""
    first17 = f"91{region}{n:09d}"
    return first17 + uscc_check_character(first17)


def profile_data(**overrides) -> dict:
    """Form/API data for an employer profile in 北京 (province 11 of the notice data)."""
    data = {
        "name": "北京测试注册科技有限公司",
        "uscc": uscc_for(1),
        "ownership": "private",
        "industry": "I",
        "size": "50_149",
        "province": "11",
        "city": "北京市",
        "address": "北京市海淀区测试路1号",
        "website": "",
        "description": "一家从事软件开发的测试企业。",
        "contact_name": "王经理",
        "contact_title": "人力资源经理",
        "contact_mobile": "13912345678",
        "contact_email": "hr@example.cn",
    }
    data.update(overrides)
    return data


def registration_data(**overrides) -> dict:
    data = {
        "username": "newcorp",
        "email": "newcorp@example.cn",
        "password": "Zhaopin-2020-secure",
        "password_confirm": "Zhaopin-2020-secure",
        **profile_data(),
    }
    data.update(overrides)
    return data
