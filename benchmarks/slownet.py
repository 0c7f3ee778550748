"""A slow phone network that the service worker cannot bypass: a throttling TCP proxy in front of nginx.

CDP's network emulation slows only the page's own requests, not what a service worker fetches or answers, so
the checker's downloads would escape it. Here every byte crosses a proxy on 127.0.0.1 that adds half the round
trip each way and meters the download to BANDWIDTH. A cold visit of a shared link is timed to its first answer,
and the floor is what the bytes fetched before that answer need at this bandwidth alone.
"""

from __future__ import annotations

import asyncio
import threading
import time
from urllib.parse import urlsplit

BANDWIDTH_BPS = 1_600_000  # 1.6 Mbit/s down (a slow 4G cell)
RTT_S = 0.150
CHUNK = 4096


class ThrottlingProxy:
    """`with ThrottlingProxy(upstream_url) as proxy:` -> proxy.url; proxy.log holds (time, downstream bytes)."""

    def __init__(self, upstream: str, bandwidth_bps: int = BANDWIDTH_BPS, rtt_s: float = RTT_S):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port or 80)
        self.rate = bandwidth_bps / 8  # bytes per second, shared by every connection (one cell link)
        self.half_rtt = rtt_s / 2
        self.log: list[tuple[float, int]] = []
        self._next_free = 0.0  # when the shared downlink can send the next chunk
        self._loop = asyncio.new_event_loop()
        self._server = None
        self.url = ""

    async def _pipe(self, reader, writer, down: bool) -> None:
        """Chunks are read as they come and each is written when it would arrive: half a round trip later, and
        downstream not before the shared downlink has carried the bytes ahead of it (a pipeline, not a stall)."""
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver() -> None:
            while (item := await queue.get()) is not None:
                due, data = item
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                if down:
                    self.log.append((time.monotonic(), len(data)))
                writer.write(data)
                await writer.drain()

        delivery = asyncio.ensure_future(deliver())
        try:
            while data := await reader.read(CHUNK):
                now = time.monotonic()
                if down:
                    self._next_free = max(now, self._next_free) + len(data) / self.rate
                    due = self._next_free + self.half_rtt
                else:
                    due = now + self.half_rtt
                queue.put_nowait((due, data))
        except ConnectionError:
            pass
        queue.put_nowait(None)
        try:
            await delivery
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(self._pipe(client_reader, up_writer, down=False),
                             self._pipe(up_reader, client_writer, down=True), return_exceptions=True)

    def __enter__(self) -> ThrottlingProxy:
        started = threading.Event()

        def run() -> None:  # its own thread and loop: Playwright's sync API runs a loop in this one
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/"
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        started.wait(10)
        return self

    def bytes_until(self, moment: float) -> int:
        return sum(n for t, n in self.log if t <= moment)

    def __exit__(self, *exc) -> None:
        async def shut() -> None:
            self._server.close()
            await self._server.wait_closed()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shut(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()  # an unclosed loop warns from a finalizer, at any later moment


def cold_shared_link(pw, upstream: str, path: str, cpu_rate: float = 1, timeout_s: float = 180) -> dict:
    """One cold visit (new profile) of `path` through the proxy: seconds to the first answer, the bytes the proxy
    delivered until then, and the floor = those bytes at BANDWIDTH (plus nothing for round trips)."""
    from .browser import CHROMIUM, FLAGS

    with ThrottlingProxy(upstream) as proxy:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context().new_page()
            if cpu_rate != 1:
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
            started = time.monotonic()
            page.goto(proxy.url + path, wait_until="commit", timeout=timeout_s * 1000)
            page.locator(".yb-result").first.wait_for(timeout=timeout_s * 1000)
            answered = time.monotonic()
        finally:
            browser.close()
        sent = proxy.bytes_until(answered)
    return {"first_answer_s": round(answered - started, 2), "bytes_before_answer": sent,
            "floor_s": round(sent * 8 / BANDWIDTH_BPS, 2), "cpu_rate": cpu_rate,
            "bandwidth_bps": BANDWIDTH_BPS, "rtt_ms": int(RTT_S * 1000)}
