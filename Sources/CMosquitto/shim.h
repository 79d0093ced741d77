#include <mosquitto.h>
// MQTT v5 reason codes and property identifiers (MQTT_RC_*, MQTT_PROP_*).
#include <mqtt_protocol.h>
