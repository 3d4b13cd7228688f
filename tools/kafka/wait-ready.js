#!/usr/bin/env node
// Exits 0 once the broker answers describeCluster, 1 on timeout or if KAFKA_PID dies first.
// A listening port is not enough: the broker only serves clients once it has joined the quorum.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',');
const timeoutMs = Number(process.env.KAFKA_READY_TIMEOUT || 90) * 1000;
const pid = Number(process.env.KAFKA_PID || 0);

const alive = (p) => {
  try {
    process.kill(p, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const deadline = Date.now() + timeoutMs;
  // kafkajs's own retries would log and back off; a flat poll is quieter and faster here.
  const kafka = new Kafka({
    clientId: 'kafka-wait-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (pid && !alive(pid)) {
      console.error(`kafka: broker process ${pid} exited before becoming ready`);
      return 1;
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const { brokers: live } = await admin.describeCluster();
      if (live.length > 0) return 0;
      lastError = 'describeCluster returned no brokers';
    } catch (err) {
      lastError = err.message;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(300);
  }
  console.error(`kafka: not ready on ${brokers.join(',')} after ${timeoutMs / 1000}s (last error: ${lastError})`);
  return 1;
}

main().then((code) => process.exit(code));
