"""The Scrapy peer: fetch a list of URLs with Scrapy at a given concurrency, in its own process.

    python -m bench.scrapy_peer URLS_FILE CONCURRENCY   # prints {"pages": n, "seconds": s, ...}

Same politeness as sendgraph's crawl with politeness off: robots.txt obeyed, at most one request
in flight per host, no delay. The spider keeps every body in memory only long enough to count it
(Scrapy writes no WARC); the time runs from the engine's start to its close.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess


def main() -> int:
    urls = Path(sys.argv[1]).read_text(encoding="utf-8").split()
    concurrency = int(sys.argv[2])
    stats = {"pages": 0, "bytes": 0}

    class Spider(scrapy.Spider):
        name = "bench"
        start_urls = urls

        def parse(self, response):
            stats["pages"] += 1
            stats["bytes"] += len(response.body)
            return None

    process = CrawlerProcess(settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "DOWNLOAD_DELAY": 0, "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False, "RETRY_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    })
    process.crawl(Spider)
    start = time.perf_counter()
    process.start()
    stats["seconds"] = time.perf_counter() - start
    stats["version"] = scrapy.__version__
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
