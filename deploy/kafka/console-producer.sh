#!/usr/bin/env bash
# Kafka's console producer: one record per stdin line (--topic T, --property parse.key=true ...)
# against the local broker (127.0.0.1:${STOKER_KAFKA_PORT:-9092} unless --bootstrap-server is given).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka.sh" tool org.apache.kafka.tools.ConsoleProducer "$@"
