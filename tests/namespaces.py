"""Several machines on this one: each a network namespace with an address of its own
on a bridge (10.77.0.0/24, this machine 10.77.0.1), so a server in one has its own
network, as on a machine of its own, and sees nothing of this machine's loopback.
PostgreSQL and Redis stay bound to 127.0.0.1 (the system's PostgreSQL is not
reconfigured); the machines reach them through forwarders on the bridge address.

Needs root on Linux (``ip netns``); ``unavailable()`` says why not, for a skip.
Names are fixed, so a run killed half-way is cleaned up by the next one.
"""

import asyncio
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import NamedTuple

PREFIX = "nrtest"  # every namespace and link made here: nrtest1, nrtest-br, ...
BRIDGE = f"{PREFIX}-br"
NETWORK = "10.77.0"
HOST = f"{NETWORK}.1"  # this machine, as the namespaces reach it


class Machine(NamedTuple):
    name: str  # the network namespace
    address: str

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` run on this machine (the process is ``argv`` itself: ``ip
        netns exec`` enters the namespace and execs it)."""
        return ["ip", "netns", "exec", self.name, *argv]


def ip(command: str) -> None:
    """``ip`` with ``command``'s words, as typed at a shell."""
    subprocess.run(["ip", *command.split()], check=True, capture_output=True, text=True)


def unavailable() -> str | None:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        return "needs root and iproute2 (ip netns) to make machines"
    try:
        ip(f"netns add {PREFIX}-probe")
        ip(f"netns delete {PREFIX}-probe")
    except subprocess.CalledProcessError as error:
        return f"ip netns does not work here: {error.stderr.strip()}"
    return None


@contextmanager
def machines(count: int) -> Iterator[list[Machine]]:
    """``count`` machines on one bridge with this one, removed afterwards."""
    remove_machines()
    ip(f"link add {BRIDGE} type bridge")
    ip(f"address add {HOST}/24 dev {BRIDGE}")
    ip(f"link set {BRIDGE} up")
    made = []
    try:
        for n in range(1, count + 1):
            machine = Machine(f"{PREFIX}{n}", f"{NETWORK}.{10 + n}")
            # A veth pair is a cable: one end on the bridge, the other the
            # machine's network card (eth0 there).
            name = machine.name
            ip(f"netns add {name}")
            ip(f"link add {name}-br type veth peer name eth0 netns {name}")
            ip(f"link set {name}-br master {BRIDGE} up")
            ip(f"-n {name} address add {machine.address}/24 dev eth0")
            ip(f"-n {name} link set eth0 up")
            ip(f"-n {name} link set lo up")
            made.append(machine)
        yield made
    finally:
        remove_machines()


def remove_machines() -> None:
    """The links first: a deleted namespace takes its veth pair with it only once
    the kernel gets round to it, and the next run may make the same names."""
    for kind in ("link", "netns"):
        listed = subprocess.run(["ip", "-br", kind], capture_output=True, text=True)
        for line in listed.stdout.splitlines():
            name = line.split()[0].split("@")[0]
            if name.startswith(PREFIX):
                ip(f"{kind} delete {name}")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def _relay(port: int, client_reader, client_writer):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(_pipe(client_reader, writer), _pipe(reader, client_writer))


@contextmanager
def forwarding(*ports: int) -> Iterator[list[int]]:
    """For each port of 127.0.0.1, a free port of ``HOST`` forwarding to it, served
    by an event loop in a thread of the test; closed afterwards."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result()

    async def listen(port):
        return await asyncio.start_server(partial(_relay, port), HOST, 0)

    async def close(servers):
        for server in servers:
            server.close()
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()

    servers = []
    try:
        servers = [run(listen(port)) for port in ports]
        yield [server.sockets[0].getsockname()[1] for server in servers]
    finally:
        run(close(servers))
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
