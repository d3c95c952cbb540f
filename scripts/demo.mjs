#!/usr/bin/env node
// `npm run demo`: one lead to cash against the running stack (`npm start`), through the public
// API only. Demo users do the human steps (sales qualifies the lead, the sales manager approves
// the discount), and the demo plays the outside world: the customer accepts the quote, the
// supplier delivers a backorder, the carrier delivers, the bank pays. It prints the process's
// step timeline, its document numbers and the link to the process in the Temporal UI.
//
// API_URL (default http://localhost:3000) points it elsewhere; the demo keys are the documented
// ones (apps/api/src/auth/demo-api-keys.json).

import './require-node.mjs';
import { randomUUID } from 'node:crypto';

const api = process.env.API_URL ?? 'http://localhost:3000';
const keys = {
  sales: 'tl_demo_sales',
  manager: 'tl_demo_sales_manager',
  finance: 'tl_demo_finance',
  ops: 'tl_demo_ops',
};
const started = Date.now();

function say(line) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[demo ${seconds}s] ${line}\n`);
}

async function call(key, method, path, body) {
  let response;
  try {
    response = await fetch(`${api.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new Error(
      `cannot reach the API at ${api} (is \`npm start\` running?): ${error.cause?.message ?? error.message}`,
    );
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new Error(`${method} ${path} → ${response.status} ${parsed?.detail ?? text}`);
  }
  return parsed;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const path = (id) => `/processes/${encodeURIComponent(id)}`;

async function waitFor(what, id, probe, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await call(keys.ops, 'GET', path(id));
    const value = probe(view);
    if (value) return value;
    if (view.status !== 'running') {
      throw new Error(
        `the process closed (${view.status}, stage ${view.stage}) while waiting for ${what}`,
      );
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (stage ${view.stage})`);
    await sleep(300);
  }
}

async function main() {
  const tag = randomUUID().slice(0, 6);
  const input = {
    leadRef: `demo-${tag}`,
    lead: {
      // web + company + phone + one item scores 45: the rules send it to sales to decide.
      source: 'web',
      company: `Demo Cargo ${tag} GmbH`,
      contactName: 'Dana Demo',
      email: `dana.${tag}@demo-cargo.example`,
      phone: '+49 30 5550100',
    },
    address: {
      line1: 'Friedrichstraße 100',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
      latitude: 52.52,
      longitude: 13.388,
    },
    // 20 % is above the 15 % a salesperson may give: the sales manager approves.
    lines: [{ sku: 'EB-CARGO-2W', quantity: 3, discountPercent: 20 }],
  };

  say(`starting lead to cash for ${input.lead.company} as sam.sales`);
  const { id } = await call(keys.sales, 'POST', '/processes/lead-to-cash', input);
  say(`process ${id}`);

  const qualify = await waitFor('the qualify-lead task', id, (p) =>
    p.openTasks.find((t) => t.kind === 'qualify-lead'),
  );
  say(`task for sales: ${qualify.summary}`);
  await call(keys.sales, 'POST', `/tasks/${qualify.id}/complete`, {
    decision: 'qualify',
    comment: 'Fleet of cargo bikes for inner-city deliveries; budget confirmed.',
  });
  say('sam.sales qualified the lead');

  const approve = await waitFor('the approve-quote task', id, (p) =>
    p.openTasks.find((t) => t.kind === 'approve-quote'),
  );
  say(`task for the sales manager: ${approve.summary}`);
  await call(keys.manager, 'POST', `/tasks/${approve.id}/complete`, {
    decision: 'approve',
    comment: 'First fleet order; the discount is worth it.',
  });
  say('maria.manager approved the quote');

  await waitFor('the quote to be sent', id, (p) => p.acceptedEvents.includes('quote-accepted'));
  await call(keys.sales, 'POST', `${path(id)}/events/quote-accepted`, {
    comment: 'Signed quote received by email',
  });
  say('the customer accepted the quote');

  // The outside world, until the process is done: supplier, carrier and bank.
  const delivered = new Set();
  const received = new Set();
  const paid = new Set();
  for (;;) {
    const view = await call(keys.ops, 'GET', path(id));
    if (view.status !== 'running') break;
    for (const task of view.openTasks.filter((t) => t.kind === 'release-credit')) {
      await call(keys.finance, 'POST', `/tasks/${task.id}/complete`, { decision: 'release' });
      say('fiona.finance released the order over the credit limit');
    }
    const details = view.details ?? { purchaseOrders: [], shipments: [], invoices: [] };
    if (view.acceptedEvents.includes('goods-received')) {
      for (const po of details.purchaseOrders.filter(
        (p) => p.status === 'open' && !received.has(p.poNo),
      )) {
        received.add(po.poNo);
        await call(keys.ops, 'POST', `${path(id)}/events/goods-received`, {
          poNo: po.poNo,
          deliveryNote: `DN-${tag}`,
        });
        say(`the supplier delivered backorder ${po.poNo}`);
      }
    }
    if (view.acceptedEvents.includes('carrier-delivered')) {
      for (const s of details.shipments.filter(
        (s) => s.status === 'in-transit' && !delivered.has(s.shipmentNo),
      )) {
        delivered.add(s.shipmentNo);
        await call(keys.ops, 'POST', `${path(id)}/events/carrier-delivered`, {
          shipmentNo: s.shipmentNo,
        });
        say(`the carrier delivered ${s.shipmentNo} (tracking ${s.trackingNumber})`);
      }
    }
    if (view.acceptedEvents.includes('payment-received')) {
      for (const invoice of details.invoices.filter(
        (i) => i.balanceMinor > 0 && !paid.has(i.invoiceNo),
      )) {
        paid.add(invoice.invoiceNo);
        await call(keys.finance, 'POST', `${path(id)}/events/payment-received`, {
          externalRef: `demo-bank-${tag}-${invoice.invoiceNo}`,
          amountMinor: invoice.balanceMinor,
          invoiceNo: invoice.invoiceNo,
        });
        say(
          `the bank paid ${invoice.invoiceNo}: ${(invoice.balanceMinor / 100).toFixed(2)} ${invoice.currency}`,
        );
      }
    }
    await sleep(300);
  }

  const done = await call(keys.ops, 'GET', path(id));
  say(`process ${done.status} at stage ${done.stage}`);
  process.stdout.write('\nStep timeline\n');
  for (const step of done.steps) {
    process.stdout.write(`  ${step.at}  ${step.step.padEnd(16)} ${step.detail ?? ''}\n`);
  }
  process.stdout.write('\nDocuments\n');
  for (const [kind, numbers] of Object.entries(done.documents)) {
    process.stdout.write(`  ${kind.padEnd(14)} ${numbers.join(', ')}\n`);
  }
  process.stdout.write(`\nTemporal UI   ${done.links.temporalUi}\n`);
  process.stdout.write(
    `Customer      ${done.customerNo} (in the UI: CustomerNo="${done.customerNo}")\n`,
  );
  if (done.status !== 'completed') process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`[demo] failed: ${error.message}\n`);
  process.exitCode = 1;
});
