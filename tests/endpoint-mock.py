#!/usr/bin/env python3
"""A SPARQL 1.1 server that misbehaves on purpose, for the CLI tests of
`newskg load/query/drop --endpoint` (tests/cli.d/store.sh).

  endpoint-mock.py PORTFILE LOG

Listens on a free loopback port (written to PORTFILE) and answers:
  PUT/POST ?graph=G   413 when the body is over 2,000 bytes; 403 with a
                      message when G contains "forbidden"; else 201, and the
                      graph's triples are kept (PUT replaces, POST adds)
  DELETE ?graph=G     404 when G is unknown, else 204
  GET ?query=Q        500 with a message when Q contains "boom"; a server
                      answering with HTML when Q contains "html"; else SPARQL
                      JSON results: one row per graph with its triple count
Every request is logged to LOG as "METHOD graph bytes status".
"""
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

GRAPHS = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def graph(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        return (q.get("graph") or [""])[0]

    def log(self, graph, size, status):
        with open(sys.argv[2], "a") as f:
            f.write("%s %s %d %d\n" % (self.command, graph, size, status))

    def write(self, replace):
        g = self.graph()
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        if n > 2000:
            status = 413
            self.answer(status, b"Request Entity Too Large: at most 2000 bytes")
        elif "forbidden" in g:
            status = 403
            self.answer(status, b"Graph write permission denied for this account")
        else:
            lines = [l for l in body.decode().splitlines() if l.strip()]
            GRAPHS[g] = (GRAPHS.get(g, []) if not replace else []) + lines
            status = 201
            self.answer(status)
        self.log(g, n, status)

    def do_PUT(self):
        self.write(True)

    def do_POST(self):
        self.write(False)

    def do_DELETE(self):
        g = self.graph()
        status = 204 if GRAPHS.pop(g, None) is not None else 404
        self.answer(status, b"" if status == 204 else b"no such graph")
        self.log(g, 0, status)

    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        query = (q.get("query") or [""])[0]
        if "boom" in query:
            self.answer(500, b"Virtuoso 37000 Error SP030: SPARQL compiler: boom at line 1")
        elif "html" in query:
            self.answer(200, b"<html><body>hello</body></html>", "text/html")
        else:
            rows = [{"g": {"type": "uri", "value": g},
                     "n": {"type": "typed-literal", "value": str(len(t)),
                           "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
                    for g, t in sorted(GRAPHS.items())]
            body = json.dumps({"head": {"vars": ["g", "n"]},
                               "results": {"bindings": rows}}).encode()
            self.answer(200, body, "application/sparql-results+json")
        self.log("-", 0, 200)


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
