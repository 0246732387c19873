"""Real files for upload tests, built byte by byte — a PDF, a PNG and a JPEG — so the content checks
(licences, résumés) are exercised with genuine formats, not with mocks."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


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


PDF_BYTES = pdf_bytes("Resume")
PNG_BYTES = png_bytes(1, 1)


def pdf_upload(name: str = "我的简历.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return upload(name, content, "application/pdf")


def licence_pdf(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return pdf_upload(name, pdf_bytes())
