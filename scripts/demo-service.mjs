// `npm run demo service`: one service case against the running stack (`npm start`), through the
// public API only (docs/service-case.md).
//
// The customer needs an asset with a serial number, and the demo data has none, so a customer
// in Berlin buys a cargo bike first: a short lead to cash (a partner lead that qualifies on its
// own, list price, the carrier delivers, the bank pays) whose result names the bike's serial.
// Then the demo plays
// - the call center (sven.service, tl_demo_service): finds the caller by the serial with the
//   customer 360 and starts the case, a warranty claim, with the call id as its intake key;
// - the dealers, each with its own key: the nearest one that does warranty claims, D-BER-01 in
//   Berlin (tl_demo_dealer_ber), reads the case and declines; the next one, D-HAM-01 in Hamburg
//   (tl_demo_dealer_ham), accepts with an appointment and reports the work done. A dealer the
//   demo has no key for is answered by otto.ops, and the demo says so;
// - the customer, whose survey answer sven.service posts.
// It prints the case's step timeline, its documents (case, work order; an invoice only for work
// out of warranty) and the link to the process in the Temporal UI.

import { randomUUID } from 'node:crypto';
import {
  call,
  dealerKeys,
  keys,
  playOutsideWorld,
  printProcess,
  processPath,
  say,
  sleep,
  waitFor,
} from './demo-support.mjs';

/** The caller's bike and the part the agent expects the repair to need. */
const bike = 'EB-CARGO-2W';
const part = { sku: 'MOT-MID-85', quantity: 1 };

export async function serviceCaseDemo() {
  const tag = randomUUID().slice(0, 6);
  const { serialNo } = await buyBike(tag);

  // The call: the agent finds the caller by the serial number on the bike's frame.
  say(`the customer calls: the motor of bike ${serialNo} cuts out`);
  const found = await call(
    keys.service,
    'GET',
    `/customers?serial=${encodeURIComponent(serialNo)}`,
  );
  const asset = found.crm?.assets.find((a) => a.serialNo === serialNo);
  say(
    `sven.service finds the caller with the customer 360 (GET /customers?serial=${serialNo}): ` +
      `${found.name} (${found.customerNo})`,
  );
  if (found.crm) {
    say(
      `  CRM: service level ${found.crm.serviceLevel} (SLA ${found.crm.slaHours} h), ` +
        `${found.crm.openCases.length} open case(s); ${asset?.itemName ?? bike} delivered ` +
        `${asset?.deliveredOn}, in warranty until ${asset?.warrantyEndsOn}`,
    );
  }
  if (found.erp) {
    say(
      `  ERP: open balance ${money(found.erp.openBalanceMinor, found.erp.currency)}, ` +
        `credit hold ${found.erp.creditHold ? 'yes' : 'no'}`,
    );
  }
  for (const missing of found.missing) say(`  (${missing.system} part missing: ${missing.reason})`);

  const input = {
    intakeKey: `call-demo-${tag}`,
    customerNo: found.customerNo,
    serialNo,
    kind: 'warranty-claim',
    symptom: 'The motor cuts out above 15 km/h; the display shows a drive error.',
    priority: 'high',
    channel: 'phone',
    parts: [part],
    estimatedLabourMinutes: 90,
  };
  const { id } = await call(keys.service, 'POST', '/processes/service-case', input);
  say(`sven.service opened a ${input.kind} for intake ${input.intakeKey}: process ${id}`);

  // The dealers: the first one offered declines, the next accepts; each with its own key.
  let dealer;
  for (let offers = 1; ; offers++) {
    const view = await waitFor(`offer ${offers} to a dealer`, id, (p) => {
      if (p.stage === 'awaiting-manual-assignment') {
        throw new Error('no dealer is left to offer the case to (a service manager assigns now)');
      }
      const offered = p.steps.filter((s) => s.step === 'offered-to-dealer');
      return offered.length >= offers && p.acceptedEvents.includes('dealer-accepted')
        ? p
        : undefined;
    });
    const code = view.details.dealerCode;
    const where = view.steps.filter((s) => s.step === 'offered-to-dealer').at(-1).detail;
    say(`the case is offered to dealer ${where}`);
    const key = dealerKeys[code];
    if (key) {
      // What a dealer's key sees of the case: the work (details), not the steps or the people.
      const d = (await call(key, 'GET', processPath(id))).details;
      say(
        offers === 1
          ? `  ${code} reads it with its own key: ${d.kind}, "${d.symptom}", asset ${d.serialNo}, ` +
              `${d.inWarranty ? 'in warranty' : 'out of warranty'}, parts ` +
              `${d.parts.map((p) => `${p.quantity} × ${p.sku}`).join(', ') || 'none'}, SLA due ${d.slaDueAt}`
          : `  ${code} reads it with its own key (${d.kind}, asset ${d.serialNo}, SLA due ${d.slaDueAt})`,
      );
    }
    const actor = key ? `${code} (its own key)` : `otto.ops for ${code} (no demo key for it)`;
    if (offers === 1) {
      await call(key ?? keys.ops, 'POST', `${processPath(id)}/events/dealer-declined`, {
        reason: 'Fully booked this week, no drive specialist free',
      });
      say(`  declined by ${actor}: fully booked this week`);
      continue;
    }
    const appointmentAt = nextWorkingMorning();
    await call(key ?? keys.ops, 'POST', `${processPath(id)}/events/dealer-accepted`, {
      appointmentAt,
    });
    say(`  accepted by ${actor}, appointment ${appointmentAt}`);
    dealer = { code, key: key ?? keys.ops, actor };
    break;
  }

  // The repair: the ERP work order reserves the part; the dealer reports the work done.
  const inRepair = await waitFor('the work order', id, (p) =>
    p.acceptedEvents.includes('work-completed') ? p : undefined,
  );
  say(`work order ${inRepair.details.workOrderNo}: the part is reserved, the dealer repairs`);
  await call(dealer.key, 'POST', `${processPath(id)}/events/work-completed`, {
    labourMinutes: 75,
    partsUsed: [part],
    notes: 'Drive motor replaced under warranty, firmware updated, test ride fine.',
  });
  say(`  work reported done by ${dealer.actor}: 75 min, 1 × ${part.sku}`);

  // The customer's satisfaction, which the call center records.
  await waitFor('the survey', id, (p) => p.acceptedEvents.includes('survey-answered'));
  await call(keys.service, 'POST', `${processPath(id)}/events/survey-answered`, {
    score: 5,
    comment: 'Quick appointment, bike runs again.',
  });
  say('the customer rates the service 5/5; sven.service records the survey');

  let done;
  for (;;) {
    done = await call(keys.ops, 'GET', processPath(id));
    if (done.status !== 'running') break;
    await sleep(300);
  }
  printProcess(done);
  const result = done.result ?? {};
  process.stdout.write(
    `Result        ${result.outcome}, ${result.inWarranty ? 'in warranty (nothing billed)' : `invoice ${result.invoiceNo}`}, ` +
      `dealer ${result.dealerCode}, declined by ${result.declinedBy?.join(', ') || 'none'}, ` +
      `satisfaction ${result.satisfaction ?? '-'}/5, SLA ${result.slaBreached ? 'breached' : 'met'}\n`,
  );
  process.stdout.write(
    `Case          ${result.caseNo} (in the UI: CaseNo="${result.caseNo}"; AssetSerial="${serialNo}")\n`,
  );
  const after = await call(keys.service, 'GET', `/customers/${found.customerNo}`);
  const closed = after.crm?.recentCases.find((c) => c.caseNo === result.caseNo);
  if (closed) {
    process.stdout.write(
      `Customer 360  ${found.customerNo}: case ${closed.caseNo} ${closed.status}` +
        `${closed.dealer ? ` (${closed.dealer.name})` : ''}, ${after.crm.openCases.length} open case(s)\n`,
    );
  }
  if (done.status !== 'completed' || result.outcome !== 'completed') process.exitCode = 1;
}

/**
 * A short lead to cash: a Berlin courier buys one cargo bike (serialized, 24 months warranty).
 * Returns the customer and the bike's serial number from the process's result.
 */
async function buyBike(tag) {
  const input = {
    leadRef: `demo-svc-${tag}`,
    lead: {
      // partner + company + phone + an estimated value over 1,000 scores 70: qualified.
      source: 'partner',
      company: `Kiezkurier ${tag} GmbH`,
      contactName: 'Kim Kurier',
      email: `kim.${tag}@kiezkurier.example`,
      phone: '+49 30 5550200',
      estimatedValueMinor: 600_000,
    },
    // Berlin Mitte: the nearest dealers are the Berlin ones.
    address: {
      line1: 'Torstraße 49',
      city: 'Berlin',
      postalCode: '10119',
      country: 'DE',
      latitude: 52.529,
      longitude: 13.404,
    },
    lines: [{ sku: bike, quantity: 1 }],
  };
  say(`first a customer with a bike: a short lead to cash for ${input.lead.company}, 1 × ${bike}`);
  const { id } = await call(keys.sales, 'POST', '/processes/lead-to-cash', input);
  say(`process ${id}`);
  // The lead qualifies on its own and the list price needs no approval; should the rules
  // change, the demo users decide as in `npm run demo`.
  const decided = new Set();
  const decision = (p) =>
    p.openTasks.find(
      (t) => (t.kind === 'qualify-lead' || t.kind === 'approve-quote') && !decided.has(t.id),
    );
  for (;;) {
    const view = await waitFor('the quote', id, (p) =>
      p.acceptedEvents.includes('quote-accepted') || decision(p) ? p : undefined,
    );
    const task = decision(view);
    if (!task) break;
    decided.add(task.id);
    const qualify = task.kind === 'qualify-lead';
    await call(qualify ? keys.sales : keys.manager, 'POST', `/tasks/${task.id}/complete`, {
      decision: qualify ? 'qualify' : 'approve',
    });
    say(qualify ? 'sam.sales qualified the lead' : 'maria.manager approved the quote');
  }
  await call(keys.sales, 'POST', `${processPath(id)}/events/quote-accepted`, {
    comment: 'Order confirmed by phone',
  });
  say('the customer accepted the quote');
  const sold = await playOutsideWorld(id, tag);
  const serialNo = sold.result?.assetSerials?.[0];
  if (sold.status !== 'completed' || !serialNo) {
    throw new Error(`the lead to cash ended ${sold.status} at ${sold.stage} without an asset`);
  }
  say(`lead to cash completed: ${sold.customerNo} owns bike ${serialNo}`);
  return { customerNo: sold.customerNo, serialNo };
}

/** 09:00 UTC on the next weekday. */
function nextWorkingMorning() {
  const day = new Date();
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6);
  day.setUTCHours(9, 0, 0, 0);
  return day.toISOString();
}

function money(minor, currency) {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}
