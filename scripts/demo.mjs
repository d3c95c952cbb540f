#!/usr/bin/env node
// `npm run demo`: one lead to cash against the running stack (`npm start`), through the public
// API only. Demo users do the human steps (sales qualifies the lead, the sales manager approves
// the discount), and the demo plays the outside world: the customer accepts the quote, the
// supplier delivers a backorder, the carrier delivers, the bank pays. It prints the process's
// step timeline, its document numbers and the link to the process in the Temporal UI.
//
// `npm run demo service`: a service case the same way (scripts/demo-service.mjs).
//
// API_URL (default http://localhost:3000) points it elsewhere; the demo keys are the documented
// ones (apps/api/src/auth/demo-api-keys.json).

import './require-node.mjs';
import { randomUUID } from 'node:crypto';
import {
  call,
  keys,
  playOutsideWorld,
  printProcess,
  processPath,
  say,
  waitFor,
} from './demo-support.mjs';
import { serviceCaseDemo } from './demo-service.mjs';

async function leadToCashDemo() {
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
  await call(keys.sales, 'POST', `${processPath(id)}/events/quote-accepted`, {
    comment: 'Signed quote received by email',
  });
  say('the customer accepted the quote');

  // The outside world, until the process is done: supplier, carrier and bank.
  const done = await playOutsideWorld(id, tag);
  printProcess(done);
  process.stdout.write(
    `Customer      ${done.customerNo} (in the UI: CustomerNo="${done.customerNo}")\n`,
  );
  if (done.status !== 'completed') process.exitCode = 1;
}

const demos = { 'lead-to-cash': leadToCashDemo, service: serviceCaseDemo };
const wanted = process.argv[2] ?? 'lead-to-cash';

if (!demos[wanted]) {
  process.stderr.write(
    `[demo] unknown demo "${wanted}"; known: ${Object.keys(demos).join(', ')} (npm run demo [name])\n`,
  );
  process.exitCode = 2;
} else {
  demos[wanted]().catch((error) => {
    process.stderr.write(`[demo] failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
