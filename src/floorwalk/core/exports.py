import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]):
    """A CSV download; a BOM keeps spreadsheet programs reading UTF-8 names right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


class _Echo:
    """A file-like object whose write returns the text, so csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_stream_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A CSV download written while it is sent, for exports of any length."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
