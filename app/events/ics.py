"""iCalendar (RFC 5545) files: one event, or a person's feed."""

from datetime import datetime, timezone

PRODUCT = "-//Jisr//Events//EN"


def _stamp(value: int) -> str:
    return datetime.fromtimestamp(value / 1000, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (never splitting a UTF-8 character)."""
    encoded, parts, current = line.encode(), [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current)
            current = b""
        current += piece
    parts.append(current)
    return "\r\n ".join(part.decode() for part in parts) if len(encoded) > 75 else line


def vevent(event: dict, *, title: str, description: str, location: str, url: str, now: int) -> list[str]:
    """The lines of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event['id']}@jisr",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(event['starts_at'])}",
        f"DTEND:{_stamp(event['ends_at'])}",
        f"SUMMARY:{_escape(title)}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if event.get("status") == "cancelled" else "CONFIRMED"),
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[list[str]], name: str) -> str:
    """A VCALENDAR of VEVENT line lists, with CRLF line ends and folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
