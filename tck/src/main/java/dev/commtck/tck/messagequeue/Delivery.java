package dev.commtck.tck.messagequeue;

/**
 * One message as a receive (or the dead-letters list) hands it out.
 *
 * @param id            the id its send was answered with
 * @param body          the message body
 * @param receipt       names this delivery's lease; empty in the dead-letters list
 * @param deliveryCount how many times the message has been delivered, this delivery included
 */
record Delivery(String id, String body, String receipt, int deliveryCount) {
}
