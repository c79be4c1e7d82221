#!/usr/bin/env bash
# Kafka's topics (--list, --create --topic T --partitions N, --describe ...)
# against the local broker (127.0.0.1:${STOKER_KAFKA_PORT:-9092} unless --bootstrap-server is given).
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/kafka.sh" tool org.apache.kafka.tools.TopicCommand "$@"
