#!/usr/bin/env python3
"""Run the hostile-input table (tests/hostile.table) against the newskg binary.

    NEWSKG_BIN=build/newskg python3 tests/hostile.py [--skip-big] [--markdown] [NAME-REGEX]

Every row's command runs under sh with a time limit; the runner measures the
peak memory of the command (GNU time's %M; without /usr/bin/time, no memory
check), checks
the exit status, stderr and the row's check, and that no temporary file
(".NAME.tmp.*") is left in the row's directory.  Prints one line per row and
"N passed, N failed, N skipped" at the end; exits 1 when a row failed.
--markdown prints the results as a Markdown table instead (for the README),
with the first line of each row's stderr, paths shortened to IN and OUT.

Environment: NEWSKG_BIN (default build/newskg), HOSTILE_RSS_MB (default
1024), HOSTILE_TIMEOUT (seconds per row, default 120), HOSTILE_SKIP_BIG=1 as
--skip-big (the ASan run sets it: the big rows run in the plain build).
"""
import json
import os
import re
import resource
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(os.environ.get('NEWSKG_BIN', os.path.join(ROOT, 'build/newskg')))
RSS_MB = int(os.environ.get('HOSTILE_RSS_MB', '1024'))
TIMEOUT = float(os.environ.get('HOSTILE_TIMEOUT', '120'))
TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None

# An article of the project's own (graphs/articles), so rows have facts.
ARTICLE = open(os.path.join(ROOT, 'graphs/articles/harbour-strike.txt'), 'rb').read()
FACT = b'Russia expelled six British diplomats on Thursday.\n'
WORDS = (b'officials said the minister expelled diplomats and police arrested '
         b'protesters in the capital on thursday while the union accused the '
         b'government of breaking its promise').split()


def repeat_to(data, size):
    return (data * (size // len(data) + 1))[:size]


def conllu_word(i, form, head, rel='dep', misc='_'):
    return ('%d\t%s\t%s\tX\tX\t_\t%d\t%s\t_\t%s\n' % (i, form, form, head, rel, misc)).encode()


# Inputs: name -> function(path) that creates it.
def text(data):
    def make(path):
        with open(path, 'wb') as f:
            f.write(data)
    return make


def make_directory(path):
    os.mkdir(path)


def make_unreadable(path):
    text(FACT)(path)
    os.chmod(path, 0)


def make_none(path):
    pass


def rdf_of(fmt):
    """newskg's own RDF for the article, cut in the middle of a line."""
    def make(path):
        full = subprocess.run([BIN, 'render', os.path.join(ROOT, 'tests/data/render-mini.jsonl'),
                               '-f', fmt], check=True, capture_output=True,
                              env=dict(os.environ, NEWSKG_DATA=ROOT)).stdout
        cut = full[:len(full) // 2]
        text(cut[:cut.rindex(b'\n') + 15])(path)
    return make


def make_jsonl_truncated(path):
    data = open(os.path.join(ROOT, 'tests/data/render-mini.jsonl'), 'rb').read()
    text(data[:len(data) // 2])(path)


def make_store(path):
    """A store holding one article version (its listing kept in PATH.list),
    a malformed N-Quads file beside it (PATH.nq: the error is on line 2)
    and a large N-Triples file (PATH.nt: a load of about a second)."""
    env = dict(os.environ, NEWSKG_DATA=ROOT)
    subprocess.run([BIN, 'load', '-q', '--store', path,
                    os.path.join(ROOT, 'graphs/harbour-strike.ttl')], check=True, env=env)
    text(store_listing(path))(path + '.list')
    text(b'<http://x/a> <http://x/b> <http://x/c> <http://x/g> .\n'
         b'<http://x/a> <http://x/b> "x" <http://x/g> junk .\n')(path + '.nq')
    text(b''.join(b'<http://x/s%d> <http://x/p> "%d, a longer text to fill the pages" .\n'
                  % (i, i) for i in range(200000)))(path + '.nt')


def store_listing(path):
    return subprocess.run([BIN, 'load', '--store', path, '--list'], check=True,
                          capture_output=True, env=dict(os.environ, NEWSKG_DATA=ROOT)).stdout


INPUTS = {
    'empty': text(b''),
    'whitespace': text(b' \t\n\n   \n\t \n'),
    'article': text(ARTICLE + FACT),
    'invalid-utf8': text(b'Fine line.\nBad \xff byte \xc3\x28 and \xe2\x82.\n' + FACT),
    'nul': text(FACT[:20] + b'\0\0' + FACT[20:] + b'\0' + FACT),
    'binary': text(bytes((i * 151 + 7) % 256 for i in range(65536))),
    'controls': text(bytes(range(1, 32)) * 8 + b'\n' + FACT + b'\x1b[31m\x07\n'),
    'cr': text(ARTICLE.replace(b'\n', b'\r') + FACT.replace(b'\n', b'\r')),
    'crlf': text(ARTICLE.replace(b'\n', b'\r\n') + FACT.replace(b'\n', b'\r\n')),
    'bom': text(b'\xef\xbb\xbf' + FACT + ARTICLE),
    'line-10mb': text(repeat_to(ARTICLE.replace(b'\n', b' '), 10 * 1000 * 1000) + b'\n'),
    'line-1mb': text(repeat_to(ARTICLE.replace(b'\n', b' '), 1000 * 1000) + b'\n'),
    'tokens-100k': text(b' '.join(WORDS[i % len(WORDS)] for i in range(100000)) + b'\n'),
    'parens-50k': text(b'(' * 50000 + FACT.strip() + b')' * 50000 + b'\n'),
    'quotes-50k': text('\u201c'.encode() * 25000 + b'"' * 25000 + FACT.strip() +
                       b'"' * 25000 + '\u201d'.encode() * 25000 + b'\n'),
    'word-1mb': text(b'Russia expelled ' + b'x' * (1000 * 1000) + b' diplomats.\n'),
    'none': make_none,
    'directory': make_directory,
    'unreadable': make_unreadable,
    'conllu': text(open(os.path.join(ROOT, 'tests/data/conllu-small.conllu'), 'rb').read()),
    'conllu-cycle': text(b'# text = a b c\n' + conllu_word(1, 'a', 0, 'root') + b'# a comment\n' +
                         conllu_word(2, 'b', 3) + conllu_word(3, 'c', 2) + b'\n'),
    'conllu-range': text(b'# text = a\n' + conllu_word(1, 'a', 0, 'root', 'TokenRange=9:4') + b'\n'),
    'jsonl-truncated': make_jsonl_truncated,
    'jsonl-nested': text(b'{"sentence": 1, "action": {"lemma": "x"}}\n{"sentence": 1, "deep": ' +
                         b'[' * 100000 + b']' * 100000 + b'}\n'),
    'turtle-truncated': rdf_of('turtle'),
    'ntriples-truncated': rdf_of('ntriples'),
    'nquads-truncated': rdf_of('nquads'),
    'store': make_store,
}


# Checks: name -> function(arg, row_dir) returning an error string or None.
def read(path):
    with open(path, 'rb') as f:
        return f.read()


def check_turtle(path, d):
    if not os.path.isfile(path):
        return 'no output %s' % path
    if shutil.which('rapper'):
        r = subprocess.run(['rapper', '-q', '-i', 'turtle', '-c', path], capture_output=True)
        if r.returncode != 0:
            return 'rapper rejects the Turtle: %s' % r.stderr.decode(errors='replace')[:300]
    elif not read(path).startswith(b'@prefix'):
        return 'not Turtle'
    return None


def check_jsonl(path, d, lemma=None):
    if not os.path.isfile(path):
        return 'no output %s' % path
    lemmas = set()
    for n, line in enumerate(read(path).decode('utf-8').splitlines(), 1):
        try:
            fact = json.loads(line)
        except ValueError as e:
            return 'line %d is not JSON: %s' % (n, e)
        lemmas.add(fact['action']['lemma'])
    if lemma and lemma not in lemmas:
        return 'no "%s" fact among %s' % (lemma, sorted(lemmas)[:20])
    return None


def check_fact(arg, d):
    path, lemma = arg.rsplit(':', 1)
    return check_jsonl(path, d, lemma)


def check_bomfree(path, d):
    err = check_jsonl(path, d, 'expel')
    if not err and '\ufeff' in read(path).decode('utf-8'):
        return 'the byte-order mark reached the facts'
    return err


def check_absent(path, d):
    return 'output %s was written' % path if os.path.lexists(path) else None


def check_intact(path, d):
    if not os.path.isfile(path) or read(path) != SENTINEL:
        return 'the existing file %s was damaged' % path
    return None


def check_chardev(path, d):
    return None if stat.S_ISCHR(os.stat(path).st_mode) else '%s is no longer a device' % path


def check_fifo(arg, d):
    path, lemma = arg.rsplit(':', 1)
    if not stat.S_ISFIFO(os.lstat(path).st_mode):
        return '%s is no longer a FIFO' % path
    return check_jsonl(os.path.join(d, 'fifo.read'), d, lemma)


def check_symlink(arg, d):
    path, lemma = arg.rsplit(':', 1)
    if not os.path.islink(path):
        return '%s is no longer a symbolic link' % path
    return check_jsonl(os.path.join(d, 'link.target'), d, lemma)


def check_input_intact(arg, d):
    if read(os.path.join(d, 'input')) != read(os.path.join(d, 'input.orig')):
        return 'the input file was changed'
    return None


def check_store(path, d):
    """The store opens and holds what it held before the command."""
    try:
        now = store_listing(path)
    except subprocess.CalledProcessError as e:
        return 'the store does not open: %s' % e.stderr.decode(errors='replace')[:300]
    return None if now == read(path + '.list') else 'the store changed:\n%s' % now.decode()


def check_store_killed(path, d):
    """The store opens and holds what it held before the killed load, or
    that and the whole load (the 200,000 triples of graph urn:x-test:big)."""
    try:
        now = store_listing(path)
    except subprocess.CalledProcessError as e:
        return 'the store does not open: %s' % e.stderr.decode(errors='replace')[:300]
    if now == read(path + '.list'):
        return None
    lines = [x for x in now.split(b'\n') if not x.startswith(b'urn:x-test:big\t')]
    big = [x for x in now.split(b'\n') if x.startswith(b'urn:x-test:big\t200000\t')]
    if b'\n'.join(lines) == read(path + '.list') and len(big) == 1:
        return None
    return 'the store holds part of a load:\n%s' % now.decode()


CHECKS = {
    'turtle': check_turtle, 'jsonl': check_jsonl, 'fact': check_fact, 'bomfree': check_bomfree,
    'absent': check_absent, 'intact': check_intact, 'chardev': check_chardev,
    'fifo': check_fifo, 'symlink': check_symlink, 'store': check_store,
    'storekill': check_store_killed, 'inputintact': check_input_intact,
}
SENTINEL = b'an existing file that must survive\n'


def unpriv_prefix():
    """How to run a command without root's power to read and write anything."""
    if os.geteuid() != 0:
        return ''
    if shutil.which('setpriv'):
        return 'setpriv --reuid=65534 --regid=65534 --clear-groups'
    return None


def parse_table(path):
    rows = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        # columns are split at " | " (a pipe inside a command has no spaces
        # around it: "cat $IN|$BIN ...")
        cols = [c.strip() for c in (line + ' ').split(' | ')]
        if len(cols) != 7:
            sys.exit('%s:%d: want 7 columns, found %d' % (path, n, len(cols)))
        name, inp, cmd, status, err, check, mode = [c if c != '-' or i == 4 else ''
                                                   for i, c in enumerate(cols)]
        if inp not in INPUTS:
            sys.exit('%s:%d: unknown input %r' % (path, n, inp))
        rows.append(dict(name=name, input=inp, cmd=cmd, status=int(status), stderr=err,
                         check=check, mode=set(m for m in mode.split(',') if m), line=n))
    return rows


def run_row(row, base):
    d = os.path.join(base, re.sub(r'[^a-z0-9]+', '-', row['name'].lower()).strip('-'))
    os.makedirs(d)
    os.chmod(d, 0o755)
    inp = os.path.join(d, 'input')
    INPUTS[row['input']](inp)
    if os.path.isfile(inp):
        shutil.copyfile(inp, os.path.join(d, 'input.orig'))
    out = os.path.join(d, 'out')
    with open(out, 'wb') as f:
        f.write(SENTINEL)
    os.chmod(out, 0o644)
    ro = os.path.join(d, 'ro')
    os.mkdir(ro)
    os.chmod(ro, 0o555)
    reader = None
    if 'fifo:' in row['check']:
        os.mkfifo(os.path.join(d, 'fifo'))
        reader = subprocess.Popen('cat %s/fifo > %s/fifo.read' % (d, d), shell=True)
    if 'symlink:' in row['check']:
        os.symlink('link.target', os.path.join(d, 'link'))
    unpriv = unpriv_prefix()
    if '$UNPRIV' in row['cmd'] and unpriv is None:
        return 'skip', 'runs as root and setpriv is missing', 0, 0
    env = dict(os.environ, NEWSKG_DATA=ROOT, BIN=BIN, IN=inp, OUT=out, D=d, UNPRIV=unpriv or '')

    def preexec():
        if 'fsize' in row['mode']:
            # a file system that is full after 1,000 bytes
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
    # GNU time measures the peak memory of the command: the rusage this
    # process could get through wait4 would include its own memory, which
    # a forked child carries until exec
    rssfile = os.path.join(d, 'rss')
    cmd = row['cmd']
    killing = bool(row['mode'] & {'kill', 'kill2', 'kill9'})
    if killing:
        cmd = 'exec ' + cmd  # the signal goes to newskg itself
    elif TIME:
        cmd = '%s -f %%M -o %s sh -c %s' % (TIME, rssfile, shlex.quote(cmd))
    t0 = time.time()
    p = subprocess.Popen(cmd, shell=True, cwd=ROOT, env=env, preexec_fn=preexec,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=open(os.path.join(d, 'stderr'), 'wb'),
                         start_new_session=True)
    status, timed_out = None, False
    if 'kill9' in row['mode']:
        time.sleep(0.5)
        os.kill(p.pid, signal.SIGKILL)
    elif killing:
        # --progress draws its first line once the resources are loaded: the
        # signal must find the article under way, not the models loading
        # (which can take longer than any fixed delay on a loaded machine)
        errpath = os.path.join(d, 'stderr')
        while os.path.getsize(errpath) == 0 and p.poll() is None and time.time() - t0 < TIMEOUT:
            time.sleep(0.02)
        time.sleep(0.3)
        os.kill(p.pid, signal.SIGTERM)
        if 'kill2' in row['mode']:
            time.sleep(0.2)
            os.kill(p.pid, signal.SIGTERM)
    while status is None:
        pid, st, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(st)
            break
        if time.time() - t0 > TIMEOUT:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)
        time.sleep(0.02)
    p.returncode = status
    secs = time.time() - t0
    rss_kb = 0
    try:
        rss_kb = int(read(rssfile).split()[-1])
    except (OSError, ValueError, IndexError):
        pass
    if TIME and not killing and status is not None and status > 0:
        # GNU time exits with the command's status, or 128+N for signal N
        if status > 128 and 'Command terminated by signal' in read(rssfile).decode(errors='replace'):
            status = -(status - 128)
    if reader:
        try:
            reader.wait(timeout=10)
        except subprocess.TimeoutExpired:
            reader.kill()
    errtext = read(os.path.join(d, 'stderr')).decode('utf-8', errors='replace')
    problems = []
    if timed_out:
        problems.append('no end after %.0f s' % TIMEOUT)
    elif status != row['status']:
        problems.append('exit %s, want %s' % (status, row['status']))
    if status is not None and status < 0 and status != row['status']:
        problems.append('killed by signal %d' % -status)
    if rss_kb > RSS_MB * 1024:
        problems.append('peak RSS %d MB over %d MB' % (rss_kb // 1024, RSS_MB))
    if row['stderr'] != '-':
        pattern = row['stderr'].replace('IN', re.escape(inp)).replace('OUT', re.escape(out))
        if not re.search(pattern, errtext, re.M):
            problems.append('stderr does not match /%s/' % row['stderr'])
    if row['check']:
        kind, _, arg = row['check'].partition(':')
        arg = arg.replace('$OUT', out).replace('$IN', inp).replace('$D', d)
        err = CHECKS[kind](arg, d)
        if err:
            problems.append(err)
    temps = [n for r, _, names in os.walk(d) for n in names if '.tmp.' in n]
    if temps:
        problems.append('temporary files left: %s' % ' '.join(temps))
    if problems:
        return 'FAIL', '; '.join(problems) + ('\n      stderr: ' + errtext.strip()[:400] if errtext.strip() else ''), secs, rss_kb
    first = errtext.strip().split('\n')[0] if errtext.strip() else ''
    first = first.replace(inp, 'IN').replace(out, 'OUT').replace(d + '/', '').replace(d, 'D')
    return 'ok', first, secs, rss_kb


def main():
    args = sys.argv[1:]
    skip_big = os.environ.get('HOSTILE_SKIP_BIG', '') not in ('', '0')
    if '--skip-big' in args:
        skip_big = True
        args.remove('--skip-big')
    markdown = '--markdown' in args
    if markdown:
        args.remove('--markdown')
        print('| case | exit | first line on stderr | check | time | peak RSS |')
        print('| --- | --- | --- | --- | --- | --- |')
    only = re.compile(args[0]) if args else None
    rows = parse_table(os.path.join(ROOT, 'tests/hostile.table'))
    base = tempfile.mkdtemp(prefix='nk_hostile_')
    os.chmod(base, 0o755)
    counts = {'ok': 0, 'FAIL': 0, 'skip': 0}
    try:
        for row in rows:
            if only and not only.search(row['name']):
                continue
            if skip_big and 'big' in row['mode']:
                verdict, note, secs, rss = 'skip', 'big: run by the plain build', 0, 0
            else:
                verdict, note, secs, rss = run_row(row, base)
            counts[verdict] += 1
            if markdown and verdict == 'ok':
                check = row['check'].split(':')[0] or '-'
                print('| %s | %s | %s | %s | %.1f s | %d MB |' % (
                    row['name'], row['status'] if row['status'] >= 0 else
                    'signal %d' % -row['status'], '`%s`' % note if note else '-', check, secs,
                    rss // 1024), flush=True)
            elif markdown:
                print('| %s | **%s** | %s | | | |' % (row['name'], verdict, note.split('\n')[0]))
            else:
                print('%-4s %-36s %6.2f s %6d MB  %s' % (verdict, row['name'], secs, rss // 1024,
                                                         '' if verdict == 'ok' else note),
                      flush=True)
    finally:
        for r, dirs, _ in os.walk(base):
            for x in dirs:
                os.chmod(os.path.join(r, x), 0o755)
        shutil.rmtree(base, ignore_errors=True)
    print('hostile inputs: %d passed, %d failed, %d skipped' % (counts['ok'], counts['FAIL'],
                                                               counts['skip']))
    return 1 if counts['FAIL'] else 0


if __name__ == '__main__':
    sys.exit(main())
