"""One long-lived helper per LibreOffice process: Node has no UNO bridge, Debian's python3-uno has one.

Usage: python3 uno-convert.py PIPE_NAME START_TIMEOUT_SECONDS
Reads one JSON request per line on stdin: {"id": 1, "in": "/tmp/…/in.docx", "out": "/tmp/…/out.pdf"}
Answers one JSON line per request on stdout: {"id": 1, "ok": true} or {"id": 1, "ok": false, "error": "…"}.
The first line it writes is {"ready": true}, once connected. It exits when the office connection is gone
(Node then restarts the pair) or when stdin closes.
"""

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# The Word 2007+ import filter by name: no type detection, so a file that is really HTML or RTF
# cannot be imported by a filter that would fetch its linked images.
DOCX_FILTER = "MS Word 2007 XML"
NO_UPDATE = uno.getConstantByName("com.sun.star.document.UpdateDocMode.NO_UPDATE")
NEVER_EXECUTE = uno.getConstantByName("com.sun.star.document.MacroExecMode.NEVER_EXECUTE")
EXIT_OFFICE_GONE = 3


def props(**values):
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def connect(pipe_name, timeout_seconds):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            context = resolver.resolve(url)
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            # soffice needs a second or two before its pipe accepts connections.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def convert(desktop, source, target):
    load = props(
        Hidden=True,
        ReadOnly=True,
        FilterName=DOCX_FILTER,
        UpdateDocMode=NO_UPDATE,
        MacroExecutionMode=NEVER_EXECUTE,
    )
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, load)
    if document is None:
        raise ValueError("LibreOffice could not open the document")
    try:
        document.storeToURL(uno.systemPathToFileUrl(target), props(FilterName="writer_pdf_Export"))
    finally:
        document.close(True)


def is_alive(desktop):
    try:
        desktop.getComponents()
        return True
    except Exception:  # noqa: BLE001 — DisposedException, or the bridge failing in any other way
        return False


def answer(message):
    # ASCII escapes: under LANG=C stdout cannot encode a Vietnamese error message.
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    desktop = connect(sys.argv[1], float(sys.argv[2]))
    answer({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            convert(desktop, request["in"], request["out"])
            answer({"id": request["id"], "ok": True})
        except Exception as error:  # noqa: BLE001 — a bad document must not end the helper
            message = getattr(error, "Message", "") or str(error) or type(error).__name__
            fatal = not is_alive(desktop)
            answer({"id": request["id"], "ok": False, "fatal": fatal, "error": message})
            if fatal:
                # The office died under us: leave, so Node restarts the pair.
                sys.exit(EXIT_OFFICE_GONE)


if __name__ == "__main__":
    main()
