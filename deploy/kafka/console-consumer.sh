#!/usr/bin/env bash
# Kafka's console consumer (--topic T --from-beginning --max-messages N --timeout-ms MS ...)
# against the local broker (127.0.0.1:${STOKER_KAFKA_PORT:-9092} unless --bootstrap-server is given).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka.sh" tool org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
