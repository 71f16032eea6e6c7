#!/usr/bin/env bash
# A local GridDispatch cluster on loopback, for demos and tests: redis-server, mosquitto, 3 silos
# (Redis clustering, grain state and reminders), 1 gateway and 1 dashboard as Orleans clients, and
# the demo township's simulated lamps, leaders and responders against the gateway.
#
#   silo/cluster.sh start     builds if needed, starts everything, waits until each is ready
#   silo/cluster.sh status    what runs, and whether it is ready
#   silo/cluster.sh stop      stops everything (SIGTERM, then SIGKILL after 30 s)
#
# Settings (environment): CLUSTER_DIR (default .cluster: logs, data, pids), CLUSTER_PORT_BASE (7100),
# CLUSTER_DASHBOARD_PORT (5080), CLUSTER_SILOS (3), CLUSTER_LIFE (1: run the simulated township),
# CLUSTER_SILO_ARGS (more settings for every silo, e.g. "--Incidents:ReviewEvery=00:00:10").
# CLUSTER_MOSQUITTO_SYS_INTERVAL (10: seconds between mosquitto's $SYS counter updates; benchmarks read them every second).
# CLUSTER_HISTORY (postgres when PostgreSQL is installed, else none): the history store every silo writes and every
# dashboard's charts read; postgres starts a PostgreSQL server of its own for the cluster (docs/CONFIGURATION.md, History).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${CLUSTER_DIR:-$root/.cluster}")
base=${CLUSTER_PORT_BASE:-7100}
dashboard_port=${CLUSTER_DASHBOARD_PORT:-5080}
silos=${CLUSTER_SILOS:-3}
life=${CLUSTER_LIFE:-1}
silo_dll=$root/silo/bin/Release/net10.0/GridDispatch.Silo.dll
sim_dll=$root/simulators/bin/Release/net10.0/griddispatch-sim.dll

redis_port=$base
mqtt_port=$((base + 1))
grpc_port=$((base + 2))
gateway_http=$((base + 3))
gateway_management=$((base + 4))
dashboard_management=$((base + 5))
postgres_port=$((base + 6))
postgres_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
history=${CLUSTER_HISTORY:-$([[ -x $postgres_bin/initdb ]] && echo postgres || echo none)}
silo_port() { echo $((base + 10 + $1)); }
silo_gateway_port() { echo $((base + 20 + $1)); }
silo_http() { echo $((base + 30 + $1)); }
silo_management() { echo $((base + 35 + $1)); } # metrics, /api/installation (and /orleans when asked for): loopback, apart from the public port
gateway_password=local-cluster-gateway
# Seven .NET processes on one box: server GC gives each a GC thread per core that spins, and they fight over
# the same cores. Every process here runs workstation GC, as the silo ships; CLUSTER_SERVER_GC=1 tries server GC.
export DOTNET_gcServer=${CLUSTER_SERVER_GC:-0}

# Every process of the cluster: its name, its pid, and how to ask whether it is ready (http:PORT/PATH, tcp:PORT, or -).
launch() { # name ready-probe command...
  local name=$1 probe=$2; shift 2
  "$@" >"$dir/logs/$name.log" 2>&1 &
  echo "$name $! $probe" >>"$dir/pids"
}

ready() { # probe: tcp:PORT (accepts connections) or http:PORT/PATH (answers 200); bash only, no curl needed
  case $1 in
    tcp:*) timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/${1#tcp:}" 2>/dev/null ;;
    http:*)
      local target=${1#http:}
      timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf "GET /%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3 && read -r status <&3 && [[ $status == *" 200 "* ]]' \
        "${target%%/*}" "${target#*/}" 2>/dev/null ;;
    *) return 1 ;;
  esac
}

wait_ready() { # name probe seconds
  local deadline=$((SECONDS + $3))
  until ready "$2"; do
    if ((SECONDS > deadline)); then
      echo "$1 not ready after $3 s; see $dir/logs/$1.log" >&2
      tail -n 20 "$dir/logs/$1.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

# initdb and postgres refuse to run as root. A prefix, not a function: launch must get the server's own pid to stop it.
as_postgres=()
((EUID != 0)) || as_postgres=(runuser -u postgres --)

# The cluster's history store: one PostgreSQL in $dir/postgres, trust on loopback only (a demo; see docs/DEPLOYMENT.md for a real one).
start_postgres() {
  [[ -x $postgres_bin/initdb ]] || { echo "PostgreSQL is missing: sudo apt-get install -y postgresql (or CLUSTER_HISTORY=none)" >&2; exit 1; }
  mkdir -p "$dir/postgres"
  ((EUID != 0)) || chown postgres: "$dir/postgres"
  [[ -f $dir/postgres/data/PG_VERSION ]] ||
    "${as_postgres[@]}" "$postgres_bin/initdb" -D "$dir/postgres/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/logs/initdb.log"
  launch postgres "tcp:$postgres_port" "${as_postgres[@]}" "$postgres_bin/postgres" -D "$dir/postgres/data" -p "$postgres_port" -k "$dir/postgres" \
    -c listen_addresses=127.0.0.1
  wait_ready postgres "tcp:$postgres_port" 30
}

need() { command -v "$1" >/dev/null || { echo "$1 is missing: sudo apt-get install -y $2" >&2; exit 1; }; }

start() {
  if [[ -s $dir/pids ]]; then echo "already started ($dir/pids); run: $0 stop" >&2; exit 1; fi
  need redis-server redis-server
  need mosquitto mosquitto
  [[ -f $silo_dll && -f $sim_dll ]] || dotnet build "$root/GridDispatch.sln" -c Release -v q -nologo
  mkdir -p "$dir/logs" "$dir/redis" "$dir/mosquitto"
  : >"$dir/pids"
  trap 'echo "start failed; stopping what started" >&2; stop' ERR

  launch redis "tcp:$redis_port" redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --save "" --daemonize no
  # mosquitto with generated credentials: each demo lamp by its id, grid leaders for their own cells, the gateway.
  dotnet "$silo_dll" mosquitto-files --out "$dir/mosquitto" --demo --Mqtt:External:Password="$gateway_password" >/dev/null
  chmod 644 "$dir/mosquitto/griddispatch.passwd" "$dir/mosquitto/griddispatch.acl" # mosquitto drops to its own user when started as root
  cat >"$dir/mosquitto/mosquitto.conf" <<CONF
per_listener_settings false
listener $mqtt_port 127.0.0.1
allow_anonymous false
password_file $dir/mosquitto/griddispatch.passwd
acl_file $dir/mosquitto/griddispatch.acl
persistence true
persistence_location $dir/mosquitto/
max_queued_messages 100000
sys_interval ${CLUSTER_MOSQUITTO_SYS_INTERVAL:-10}
CONF
  launch mosquitto "tcp:$mqtt_port" mosquitto -c "$dir/mosquitto/mosquitto.conf"
  wait_ready redis "tcp:$redis_port" 20
  wait_ready mosquitto "tcp:$mqtt_port" 20

  local cluster=(--profile cluster --redis "127.0.0.1:$redis_port" --cluster-id local --demo --Demo:Life=false)
  if [[ $history == postgres ]]; then
    start_postgres
    cluster+=("--History:Postgres=Host=127.0.0.1;Port=$postgres_port;Username=postgres;Database=postgres")
  fi
  local extra
  read -r -a extra <<<"${CLUSTER_SILO_ARGS:-}"
  for ((i = 0; i < silos; i++)); do
    launch "silo$i" "http:$(silo_http $i)/readyz" dotnet "$silo_dll" "${cluster[@]}" "${extra[@]}" --roles silo \
      --silo-port "$(silo_port $i)" --gateway-port "$(silo_gateway_port $i)" --urls "http://127.0.0.1:$(silo_http $i)" \
      --management-urls "http://127.0.0.1:$(silo_management $i)"
  done
  for ((i = 0; i < silos; i++)); do wait_ready "silo$i" "http:$(silo_http $i)/readyz" 90; done

  launch gateway "http:$gateway_http/readyz" dotnet "$silo_dll" "${cluster[@]}" --roles gateway \
    --urls "http://127.0.0.1:$gateway_http" --management-urls "http://127.0.0.1:$gateway_management" --grpc-port "$grpc_port" --Mqtt:Embedded=false --Mqtt:External:Port="$mqtt_port" \
    --Mqtt:External:Username=griddispatch-gateway --Mqtt:External:Password="$gateway_password" --Mqtt:External:ClientId=gateway-1
  launch dashboard "http:$dashboard_port/readyz" dotnet "$silo_dll" "${cluster[@]}" --roles dashboard \
    --urls "http://127.0.0.1:$dashboard_port" --management-urls "http://127.0.0.1:$dashboard_management"
  wait_ready gateway "http:$gateway_http/readyz" 60
  wait_ready dashboard "http:$dashboard_port/readyz" 60
  if [[ $life == 1 ]]; then
    launch life - dotnet "$sim_dll" life --mqtt-port "$mqtt_port" --grpc-port "$grpc_port" --rate --http "http://127.0.0.1:$gateway_http"
  fi
  trap - ERR

  echo "GridDispatch local cluster: $silos silos on Redis 127.0.0.1:$redis_port, mosquitto 127.0.0.1:$mqtt_port"
  echo "  command centre  http://127.0.0.1:$dashboard_port   (demo logins: admin / demo)"
  echo "  gateway         http://127.0.0.1:$gateway_http (HTTP API), gRPC 127.0.0.1:$grpc_port, metrics http://127.0.0.1:$gateway_management/metrics"
  for ((i = 0; i < silos; i++)); do echo "  silo$i           http://127.0.0.1:$(silo_management $i)/metrics (operator surfaces; the Orleans Dashboard at /orleans with --Management:OrleansDashboard=true)"; done
  [[ $history != postgres ]] || echo "  history         PostgreSQL 127.0.0.1:$postgres_port (user postgres, database postgres)"
  echo "  logs            $dir/logs;  stop with: $0 stop"
}

status() {
  [[ -s $dir/pids ]] || { echo "not started"; return 1; }
  local failed=0
  while read -r name pid probe; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name (pid $pid): exited"; failed=1
    elif [[ $probe == - ]] || ready "$probe"; then echo "$name (pid $pid): ready"
    else echo "$name (pid $pid): running, not ready"; failed=1; fi
  done <"$dir/pids"
  return $failed
}

stop() {
  [[ -s $dir/pids ]] || { echo "not started"; return 0; }
  # In three waves, each stopped together: clients and simulators first, then the silos (each hands its grains'
  # state to redis as it leaves), the servers last. One by one this took 18 s on a quiet machine.
  local wave
  for wave in clients silos servers; do
    local pids=() name pid probe
    while read -r name pid probe; do
      case $name in
        redis | mosquitto | postgres) [[ $wave == servers ]] || continue ;;
        silo*) [[ $wave == silos ]] || continue ;;
        *) [[ $wave == clients ]] || continue ;;
      esac
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    done <"$dir/pids"
    local deadline=$((SECONDS + 30))
    for pid in "${pids[@]}"; do
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
  rm -f "$dir/pids"
  echo "stopped"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 2 ;;
esac
