#!/usr/bin/env python3
"""An independent Roostoo v3 client, written from the official documentation alone (roostoo/Roostoo-API-Documents):
standard library only. Used by test/exchange-python-client.test.ts to check that the local exchange speaks the
real API to a client that shares no code with ours.

Usage: roostoo_client.py BASE_URL API_KEY SECRET   (prints one JSON line per step; exits 1 on any failure)
"""
import hashlib
import hmac
import json
import sys
import time
import urllib.parse
import urllib.request


class Roostoo:
    def __init__(self, base_url, api_key, secret):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.secret = secret

    @staticmethod
    def _timestamp():
        return str(int(time.time() * 1000))

    def _sign(self, params):
        # totalParams: parameters sorted by key, key=value joined with &; HMAC-SHA256 with the secret, hex.
        total = "&".join(f"{k}={params[k]}" for k in sorted(params))
        sig = hmac.new(self.secret.encode(), total.encode(), hashlib.sha256).hexdigest()
        return total, {"RST-API-KEY": self.api_key, "MSG-SIGNATURE": sig}

    def _request(self, method, path, params=None, signed=False):
        params = dict(params or {})
        headers = {}
        if signed or "timestamp" in params:
            params.setdefault("timestamp", self._timestamp())
        total = "&".join(f"{k}={params[k]}" for k in sorted(params))
        if signed:
            total, headers = self._sign(params)
        url = self.base_url + path
        data = None
        if method == "GET":
            if total:
                url += "?" + total
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            data = total.encode()
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        with urllib.request.urlopen(req, timeout=10) as res:
            return json.loads(res.read().decode())

    def server_time(self):
        return self._request("GET", "/v3/serverTime")

    def exchange_info(self):
        return self._request("GET", "/v3/exchangeInfo")

    def ticker(self, pair=None):
        params = {"timestamp": self._timestamp()}
        if pair:
            params["pair"] = pair
        return self._request("GET", "/v3/ticker", params)

    def balance(self):
        return self._request("GET", "/v3/balance", {}, signed=True)

    def pending_count(self):
        return self._request("GET", "/v3/pending_count", {}, signed=True)

    def place_order(self, pair, side, order_type, quantity, price=None):
        params = {"pair": pair, "side": side, "type": order_type, "quantity": quantity}
        if price is not None:
            params["price"] = price
        return self._request("POST", "/v3/place_order", params, signed=True)

    def query_order(self, order_id=None, pair=None, pending_only=None):
        params = {}
        if order_id is not None:
            params["order_id"] = str(order_id)
        if pair is not None:
            params["pair"] = pair
        if pending_only is not None:
            params["pending_only"] = pending_only
        return self._request("POST", "/v3/query_order", params, signed=True)

    def cancel_order(self, order_id=None, pair=None):
        params = {}
        if order_id is not None:
            params["order_id"] = str(order_id)
        if pair is not None:
            params["pair"] = pair
        return self._request("POST", "/v3/cancel_order", params, signed=True)


def main():
    base_url, api_key, secret = sys.argv[1:4]
    api = Roostoo(base_url, api_key, secret)

    def step(name, answer):
        print(json.dumps({"step": name, "answer": answer}), flush=True)
        return answer

    info = step("exchangeInfo", api.exchange_info())
    btc = info["TradePairs"]["BTC/USD"]
    step("serverTime", api.server_time())
    tick = step("ticker", api.ticker("BTC/USD"))["Data"]["BTC/USD"]
    step("balance", api.balance())
    qty = "0.01000"  # AmountPrecision 5
    buy = step("market_buy", api.place_order("BTC/USD", "BUY", "MARKET", qty))
    fmt = "{:.%df}" % btc["PricePrecision"]
    low = fmt.format(tick["MaxBid"] * 0.5)
    rest = step("limit_buy", api.place_order("BTC/USD", "BUY", "LIMIT", qty, low))
    step("pending_count", api.pending_count())
    step("query_by_id", api.query_order(order_id=buy["OrderDetail"]["OrderID"]))
    step("query_pending", api.query_order(pair="BTC/USD", pending_only="TRUE"))
    step("cancel", api.cancel_order(order_id=rest["OrderDetail"]["OrderID"]))
    step("cancel_again", api.cancel_order(order_id=rest["OrderDetail"]["OrderID"]))
    step("market_sell", api.place_order("BTC/USD", "SELL", "MARKET", qty))
    step("tiny_order", api.place_order("BTC/USD", "BUY", "MARKET", "0.00001"))
    step("balance_end", api.balance())


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # one clear line for the test's failure message
        print(json.dumps({"error": repr(exc)}), flush=True)
        sys.exit(1)
