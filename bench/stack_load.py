"""bench/load.py --stack: people on the running production stack, through nginx over HTTPS.

Some people think between taps (a tap or a look at Today every few seconds), some never do;
every write is a "log a cramp" tap with its own request token. Afterwards every acknowledged
write is looked up in the database by its token: rows added must equal writes acknowledged.
"""

import asyncio
import random
import time

import aiohttp
from stack_client import (
    Record,
    lost_and_duplicated,
    make_people,
    percentile,
    person_loop,
    stored_tokens,
    supervisorctl,
    tls_context,
)


async def drive(thinking, eager, seconds: float, think: float) -> Record:
    record = Record()
    connector = aiohttp.TCPConnector(ssl=tls_context(), limit=0)
    until = time.monotonic() + seconds

    async def pausing(person):
        await asyncio.sleep(random.uniform(0, think))  # spread the first taps
        # A pause of think/2 to 3*think/2, so that people do not tap in step.
        await person_loop(person, connector, record, until, think * random.uniform(0.5, 1.5))

    await asyncio.gather(
        *(pausing(p) for p in thinking),
        *(person_loop(p, connector, record, until, 0) for p in eager),
    )
    await connector.close()
    return record


def run_on_the_stack(args) -> None:
    seconds = args.duration or 300
    print(f"Making {args.thinking + args.eager} people on the stack...", flush=True)
    thinking = make_people(args.thinking, "load-thinking")
    eager = make_people(args.eager, "load-eager")
    everyone = thinking + eager
    if args.servers == 1:
        supervisorctl("stop", "app2")
    try:
        started = time.monotonic()
        record = asyncio.run(drive(thinking, eager, seconds, args.think))
        elapsed = time.monotonic() - started
    finally:
        if args.servers == 1:
            supervisorctl("start", "app2")
    lost, duplicated = lost_and_duplicated(record, everyone)
    rows = sum(stored_tokens(everyone).values())
    acknowledged = len(record.acknowledged())
    errors = record.errors()
    print(
        f"\nStack, {args.servers} app server(s): {args.thinking} people pausing ~{args.think:g} s"
        f" + {args.eager} with no pause, {seconds} s"
    )
    print(f"requests {len(record.outcomes)}, {len(record.outcomes) / elapsed:.1f} per second")
    print(f"errors {len(errors)} {sorted({o.status for o in errors})}")
    print(f"writes acknowledged {acknowledged}, rows added {rows}, lost {lost}, dup {duplicated}")
    for label, kind in (("all", None), ("writes", "write"), ("reads", "read")):
        times = [o.seconds for o in record.outcomes if kind in (None, o.kind)]
        p50, p95, p99 = (percentile(times, share) * 1000 for share in (0.5, 0.95, 0.99))
        print(f"{label:7} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  p99 {p99:6.0f} ms")
    if errors or lost or rows != acknowledged:
        raise SystemExit("FAILED: errors, or rows added differ from writes acknowledged")
