# The first line of each of the README's walk-throughs, run at the repository's root: `( . scripts/walkthrough.sh`.
# Each block runs in a subshell of its own (the parentheses) and stops at its first failed step (set -e),
# leaving your terminal as it was. Plain POSIX sh: bash, zsh and dash read it alike.
set -e
URL=${URL:-http://localhost:3000}

# json EXPR: reads a JSON answer from standard input and prints EXPR, a JavaScript expression in which
# `_` is the answer (`_.id`, `_.status === "active" && _`). When EXPR is missing (undefined or null)
# or false, it prints what came instead and fails, which stops the block.
json() {
  node -e '
    const [expr, url] = process.argv.slice(1);
    const input = require("fs").readFileSync(0, "utf8");
    let value;
    try { value = new Function("_", `return (${expr});`)(JSON.parse(input)); } catch {}
    if (value === undefined || value === null || value === false) {
      console.error(`Stopped: expected ${expr} in the answer, but got: ${input.trim().slice(0, 1000) || `nothing (is the demo running at ${url}?)`}`);
      process.exit(1);
    }
    console.log(typeof value === "string" ? value : JSON.stringify(value));
  ' "$1" "$URL"
}

# login USERNAME: signs a demo account in and prints its access token.
login() {
  curl -sS -X POST "$URL/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"${DEMO_PASSWORD:-compact-demo-2026}\"}" | json _.accessToken
}
