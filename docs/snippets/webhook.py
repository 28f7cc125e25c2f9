# Python with the standard library only. (Or pip install standardwebhooks.)
import base64, hashlib, hmac, json, os, time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = base64.b64decode(os.environ["MAEMANEE_WEBHOOK_SECRET"].removeprefix("whsec_"))
credited = set()  # in your database: a table keyed by the event id (webhook-id)


class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        msg_id, timestamp = self.headers["webhook-id"], self.headers["webhook-timestamp"]
        mac = hmac.new(SECRET, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
        expected = "v1," + base64.b64encode(mac).decode()
        signatures = self.headers.get("webhook-signature", "").split(" ")
        if not any(hmac.compare_digest(expected, s) for s in signatures) or abs(time.time() - int(timestamp)) > 300:
            self.send_response(400)
            self.end_headers()
            return
        event = json.loads(body)
        # Sandbox events are acknowledged and ignored: no money moved.
        if event["type"] == "payment.paid" and event["data"]["sandbox"] is False and event["id"] not in credited:
            credited.add(event["id"])
            data = event["data"]
            print(f"credited {data['id']} {data['ref1']} {data['amount']}", flush=True)  # mark order ref1 paid
        self.send_response(204)
        self.end_headers()


HTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "3000"))), Webhook).serve_forever()
