import { InputError } from '../../../common/errors';
import type { StoredAddress } from '../loaders/address-key';
import { MAX_HOPS, type AssetTotals, type ExposureQuery, type ExposureResult, type Flow, type HopTotal } from '../loaders/exposure.loader';
import { addDecimals } from '../decimal';
import { AssetAmount, EntityExposure, Exposure, ExposureHop, ExposureLimits, ExposurePath, ExposureStep, type ExposureArgs } from '../types/exposure.type';
import { SanctionedEntity } from '../types/sanctioned-entity.type';
import { TransferDirection } from '../types/transfers.args';
import { microsecondTime, minAmountOf, toAddress } from './mappers';
import type { Chain } from '../../../common/chain';

/** The search an exposure field asks for, validated (BAD_USER_INPUT naming the argument). */
export function exposureQuery(starts: readonly StoredAddress[], args: ExposureArgs): ExposureQuery {
  // An explicit null means the default, as an omitted argument does.
  const hops = args.hops ?? 3;
  if (!Number.isInteger(hops) || hops < 1 || hops > MAX_HOPS) {
    throw new InputError('hops', `must be an integer from 1 to ${MAX_HOPS}`);
  }
  return {
    starts,
    hops,
    direction: args.direction === TransferDirection.IN ? 'IN' : args.direction === TransferDirection.OUT ? 'OUT' : 'ANY',
    since: args.since ? microsecondTime(args.since) : null,
    minAmount: minAmountOf(args.minAmount),
  };
}

function amounts(totals: AssetTotals): AssetAmount[] {
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([asset, amount]) => Object.assign(new AssetAmount(), { asset, amount }));
}

function hop(h: HopTotal): ExposureHop {
  return Object.assign(new ExposureHop(), {
    direction: h.side as TransferDirection,
    hops: h.hops,
    amounts: amounts(h.amounts),
    transfers: h.transfers,
    addresses: h.addresses.size,
  });
}

function address(a: StoredAddress) {
  return toAddress(a.chain as Chain, a.address);
}

function step(f: Flow): ExposureStep {
  return Object.assign(new ExposureStep(), { from: address(f.from), to: address(f.to), amounts: amounts(f.amounts), transfers: f.transfers });
}

/** The GraphQL answer of a search. */
export function toExposure(result: ExposureResult): Exposure {
  const exposure = new Exposure();
  exposure.truncated = result.truncated;
  exposure.visitedAddresses = result.visitedAddresses;
  exposure.hubsNotExpanded = result.hubsNotExpanded;
  const l = result.limits;
  exposure.limits = Object.assign(new ExposureLimits(), {
    maxVisitedAddresses: l.maxVisited,
    hubTransfers: l.hubTransfers,
    startTransfers: l.startLegs,
    neighbourTransfers: l.neighbourLegs,
    maxTransfersRead: l.maxLegs,
    transfersRead: l.legsRead,
    startsCapped: l.startsCapped,
    neighboursCapped: l.neighboursCapped,
    addressesNotExpanded: l.addressesNotExpanded,
    visitedCapReached: l.visitedCapReached,
  });
  exposure.byHop = result.byHop.map(hop);
  exposure.entities = result.parties.map(p => {
    const e = new EntityExposure();
    e.entity = Object.assign(new SanctionedEntity(), { id: p.partyId });
    e.hops = p.hops;
    e.nearestAddress = address(p.nearest);
    const nearest = new Map<string, string>();
    for (const h of p.byHop.filter(x => x.hops === p.hops)) {
      for (const [asset, amount] of h.amounts) {
        const seen = nearest.get(asset);
        nearest.set(asset, seen === undefined ? amount : addDecimals(seen, amount));
      }
    }
    e.amounts = amounts(nearest);
    e.byHop = p.byHop.map(hop);
    e.paths = p.paths.map(path =>
      Object.assign(new ExposurePath(), {
        direction: path.side as TransferDirection,
        hops: path.flows.length,
        addresses: path.addresses.map(address),
        steps: path.flows.map(step),
      }),
    );
    return e;
  });
  return exposure;
}
