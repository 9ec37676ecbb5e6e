#!/usr/bin/python3
"""Answers PCI questions with OpenStack Nova's own classes, for the differential test.

Run with the system interpreter that has Nova installed (Debian's python3-nova):

    /usr/bin/python3 nova_oracle.py < cases.jsonl > answers.jsonl

Each input line is one case: a host (NUMA nodes and PCI devices as the libvirt driver reports
them), a [pci] device_spec and alias, and steps (boot an instance with ports and flavor aliases,
free an instance). Each output line answers the case, under one or more modes:

  plain        Nova as it is.
  vf_only      ports other than vdpa and direct-physical also ask dev_type type-VF, the
               contract's rule (Nova gives them type-PCI devices whose spec says
               remote_managed false).
  bool_tags    trusted and remote_managed in the device_spec in oslo's boolean spellings
               (JSON booleans, numbers, yes/no...) rewritten as the strings "true"/"false",
               which is how the contract reads them (Nova compares them as written).
  both         vf_only and bool_tags.

Per mode: whether the spec was accepted, which devices were whitelisted, the pools, and per
step: the scheduler's answer (PciDeviceStats.support_requests on the pools the compute node
reports), the compute's claim (PciDevTracker.claim_instance: which devices serve which request),
whether some other order of the requests would fit or claim (Nova fits requests one at a time,
in order), and the device status counts after the claim, the allocation and the free.

Only Nova's classes decide; the stand-ins are the database (no rows: a first start) and sysfs,
which the device spec parser reads (is this address a PF, which function has this interface),
answered from the case's host.
"""

import copy
import itertools
import json
import logging
import sys
import warnings
from collections import Counter
from unittest import mock

warnings.simplefilter('ignore')
# Nova logs a failed claim as an error; here that is an answer, not news.
logging.disable(logging.CRITICAL)

from oslo_serialization import jsonutils  # noqa: E402
from oslo_utils import strutils  # noqa: E402

import nova.conf  # noqa: E402
from nova import context as nova_context  # noqa: E402
from nova import exception  # noqa: E402
from nova import objects  # noqa: E402

objects.register_all()

from nova.pci import manager as pci_manager  # noqa: E402
from nova.pci import request as pci_request  # noqa: E402
from nova.pci import stats as pci_stats  # noqa: E402
from nova.pci import whitelist  # noqa: E402

CONF = nova.conf.CONF
CONF([], project='nova', default_config_files=[], default_config_dirs=[])
CTX = nova_context.get_admin_context()

VF_KINDS = ('direct', 'macvtap', 'virtio-forwarder', 'remote-managed')
BOOL_TAGS = ('trusted', 'remote_managed')


def sysfs_of(devices, seen):
    """Stand-ins for the sysfs reads of nova.pci.utils, from the case's devices; what they were asked
    that no sysfs path can be goes into seen."""
    by_address = {d['address']: d for d in devices}
    by_ifname = {d['ifname']: d for d in devices if d.get('ifname')}

    def is_physical_function(domain, bus, slot, function):
        d = by_address.get('%s:%s:%s.%s' % (domain, bus, slot, function))
        return d is not None and d['dev_type'] == 'type-PF'

    def get_function_by_ifname(ifname):
        d = by_ifname.get(str(ifname))
        if d is None:
            return None, False
        return d['address'], d['dev_type'] == 'type-PF'

    def get_vf_product_id_by_pf_addr(pf_addr):
        if ' object at ' in pf_addr:
            # Nova Zed passes the text of its address pattern object, not an address (its bug).
            seen['nova_bug'] = 'remote_managed_pf_address'
        d = by_address.get(pf_addr)
        if d is None or not d.get('vf_product_id'):
            raise exception.PciDeviceNotFoundById(id=pf_addr)
        return d['vf_product_id']

    def get_pci_ids_by_pci_addr(addr):
        d = by_address.get(addr)
        if d is None:
            raise exception.PciDeviceNotFoundById(id=addr)
        return d['vendor_id'], d['product_id']

    return [
        mock.patch('nova.pci.utils.is_physical_function', is_physical_function),
        mock.patch('nova.pci.utils.get_function_by_ifname', get_function_by_ifname),
        mock.patch('nova.pci.utils.get_vf_product_id_by_pf_addr', get_vf_product_id_by_pf_addr),
        mock.patch('nova.pci.utils.get_pci_ids_by_pci_addr', get_pci_ids_by_pci_addr),
        # A first start of the compute: no device rows yet.
        mock.patch('nova.db.main.api.pci_device_get_all_by_node', return_value=[]),
    ]


def normalised_spec(values):
    """The device_spec with trusted/remote_managed in oslo spellings as "true"/"false"."""
    out = []
    for text in values:
        try:
            spec = json.loads(text)
        except ValueError:
            out.append(text)
            continue
        entries = spec if isinstance(spec, list) else [spec]
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for key in BOOL_TAGS:
                value = entry.get(key)
                if value is None or isinstance(value, (list, dict)):
                    continue
                as_text = value if isinstance(value, str) else (
                    ('True' if value else 'False') if isinstance(value, bool) else str(value))
                lowered = as_text.strip().lower()
                if lowered in strutils.TRUE_STRINGS:
                    entry[key] = 'true'
                elif lowered in strutils.FALSE_STRINGS:
                    entry[key] = 'false'
        out.append(json.dumps(spec))
    return out


def needs_bool_tags(values):
    return normalised_spec(values) != [json.dumps(json.loads(v)) if _is_json(v) else v for v in values]


def _is_json(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


def host_numa(case):
    cells = []
    for n in case['numa_nodes']:
        cells.append(objects.NUMACell(
            id=n['id'], socket=n['socket'], cpuset=set(range(4 * n['id'], 4 * n['id'] + 4)),
            pcpuset=set(), memory=8192, cpu_usage=0, memory_usage=0, pinned_cpus=set(),
            siblings=[], mempages=[], network_metadata=objects.NetworkMetadata(physnets=set(), tunneled=False)))
    return objects.NUMATopology(cells=cells)


def hypervisor_devices(case):
    """The pci_passthrough_devices list, keyed as nova/virt/libvirt/host.py _get_pcidev_info."""
    out = []
    for d in case['devices']:
        dev = {
            'dev_id': 'pci_' + d['address'].replace(':', '_').replace('.', '_'),
            'address': d['address'],
            'product_id': d['product_id'],
            'vendor_id': d['vendor_id'],
            'numa_node': d.get('numa_node'),
            'label': 'label_%s_%s' % (d['vendor_id'], d['product_id']),
            'dev_type': d['dev_type'],
        }
        if d.get('parent_addr'):
            dev['parent_addr'] = d['parent_addr']
        if d.get('parent_ifname'):
            dev['parent_ifname'] = d['parent_ifname']
        if d.get('card_serial'):
            dev['capabilities'] = {'vpd': {'card_serial_number': d['card_serial']}}
        out.append(dev)
    return out


def port_request(port, vf_only, policy):
    """What nova/network/neutron.py create_resource_requests builds for one port."""
    vnic = port['vnic']
    spec = {
        pci_request.PCI_NET_TAG: port.get('physnet'),
        pci_request.PCI_REMOTE_MANAGED_TAG: str(vnic == 'remote-managed'),
    }
    dev_type = pci_request.DEVICE_TYPE_FOR_VNIC_TYPE.get(vnic)
    if dev_type:
        spec[pci_request.PCI_DEVICE_TYPE_TAG] = dev_type
    elif vf_only and vnic in VF_KINDS:
        spec[pci_request.PCI_DEVICE_TYPE_TAG] = 'type-VF'
    if 'trusted' in port and port['trusted'] is not None:
        spec[pci_request.PCI_TRUSTED_TAG] = str(strutils.bool_from_string(port['trusted']))
    request = objects.InstancePCIRequest(count=1, spec=[spec], request_id=port['id'], requester_id=port['id'])
    if policy:
        request.numa_policy = policy
    return request


def boot_requests(step, vf_only):
    """Nova's order: the flavor's alias requests, then one per port; each named by our index."""
    policy = step.get('flavor_policy')
    requests = []
    names = {}
    if step.get('aliases'):
        flavor = objects.Flavor(extra_specs={'pci_passthrough:alias': step['aliases']})
        if policy:
            flavor.extra_specs['hw:pci_numa_affinity_policy'] = policy
        alias_requests = pci_request.get_pci_requests_from_flavor(flavor, policy).requests
        for i, r in enumerate(alias_requests):
            names[r.request_id] = len(step['ports']) + i
        requests.extend(alias_requests)
    for i, port in enumerate(step['ports']):
        r = port_request(dict(port, id='port-%d' % i), vf_only, policy)
        names[r.request_id] = i
        requests.append(r)
    return requests, names


def instance_cells(step):
    if step.get('numa_cells') is None:
        return None
    return [objects.InstanceNUMACell(id=c, cpuset=set(), pcpuset=set(), memory=512) for c in step['numa_cells']]


def counts(tracker):
    return dict(Counter(d.status for d in tracker.pci_devs))


def pool_view(stats):
    """The pools as the compute reports them: keys and values as text, and their counts."""
    out = []
    for pool in stats.to_device_pools_obj():
        d = pool.to_dict()
        count = d.pop('count')
        out.append({'key': {k: (None if v is None else str(v)) for k, v in d.items()}, 'count': count})
    return out


def scheduler_stats(tracker, numa, cells):
    """What the scheduler fits requests with: the pools the compute reports. Its own device_spec is
    empty, as in a split deployment; its host NUMA topology matters only to a guest with cells."""
    return pci_stats.PciDeviceStats(numa if cells else None, stats=tracker.stats.to_device_pools_obj(),
                                    dev_filter=whitelist.Whitelist([]))


def other_orders(requests):
    """The requests in every other order, alike requests not told apart."""
    def same(r):
        return json.dumps([r.spec, r.count, r.numa_policy if 'numa_policy' in r else None], sort_keys=True,
                          default=str)
    seen = {tuple(same(r) for r in requests)}
    out = []
    for order in itertools.permutations(requests):
        key = tuple(same(r) for r in order)
        if key not in seen:
            seen.add(key)
            out.append(list(order))
    return out


def claimable(tracker, requests, cells):
    stats = copy.deepcopy(tracker.stats)
    # A deep copy of a device keeps its fields, not its place in the PF/VF tree: link the copies.
    pci_manager.PciDevTracker._build_device_tree(stats.get_free_devs())
    try:
        stats.consume_requests(requests, cells)
        return True
    except exception.PciDeviceRequestFailed:
        return False


_SPEC_FILTER = pci_stats.PciDeviceStats._filter_pools_for_spec


def _spec_then_unrequested_kinds(self, pools, request):
    pools = _SPEC_FILTER(self, pools, request)
    pools = self._filter_pools_for_unrequested_pfs(pools, request)
    pools = self._filter_pools_for_unrequested_vdpa_devices(pools, request)
    return self._filter_pools_for_unrequested_remote_managed_devices(pools, request)


def kinds_before_numa():
    """Nova's pool filter with the devices a request did not ask for (PFs, vDPA devices,
    remote-managed ones) dropped before the NUMA filter counts what it has, not after: Nova's NUMA
    filter keeps the guest's nodes' pools when they hold enough devices, counting those, and the
    request then fails on what is left though devices of no node would serve it."""
    return mock.patch.object(pci_stats.PciDeviceStats, '_filter_pools_for_spec', _spec_then_unrequested_kinds)


def rebuild_stats(tracker, numa):
    """After a failed claim Nova puts the devices back but not the relatives it took out of the
    pools with them; its pools are rebuilt from the devices, as a compute restart would."""
    tracker.stats = pci_stats.PciDeviceStats(numa, dev_filter=tracker.dev_filter)
    for dev in tracker.pci_devs:
        if dev.status == 'available':
            tracker.stats.add_device(dev)


def run(case, spec, vf_only, aliases):
    CONF.set_override('device_spec', spec, group='pci')
    numa = host_numa(case)
    seen = {}
    patches = sysfs_of(case['devices'], seen)
    # Nova reads (and schema-checks) [pci] alias again for every flavor; the config does not change
    # within a case, so its reading is taken once.
    patches.append(mock.patch('nova.pci.request._get_alias_from_config', lambda: copy.deepcopy(aliases)))
    for p in patches:
        p.start()
    try:
        try:
            tracker = pci_manager.PciDevTracker(
                CTX, objects.ComputeNode(id=1, numa_topology=numa._to_json()))
        except Exception as e:  # noqa: BLE001 - whatever Nova raises, the spec is refused
            return dict(seen, config='refused', error='%s: %s' % (type(e).__name__, e))
        tracker.update_devices_from_hypervisor_resources(jsonutils.dumps(hypervisor_devices(case)))
        # The ids the database gives on the tracker's save (freeing a VF compares its siblings' ids).
        for i, dev in enumerate(tracker.pci_devs):
            dev.id = i + 1
        answer = {
            'config': 'ok',
            'whitelisted': sorted(d.address for d in tracker.pci_devs),
            'pools': pool_view(tracker.stats),
            'steps': [],
        }
        rebuilds = 0
        for step in case['steps']:
            if step['op'] == 'free':
                tracker.free_instance(CTX, {'uuid': step['instance']})
                answer['steps'].append({'counts': counts(tracker)})
                continue
            requests, names = boot_requests(step, vf_only)
            cells = instance_cells(step)
            scheduler = scheduler_stats(tracker, numa, cells)
            out = {'fits': scheduler.support_requests(requests, cells)}
            perms = other_orders(requests)
            if len(requests) > 1:
                out['fits_any_order'] = out['fits'] or any(scheduler.support_requests(p, cells) for p in perms)
            if not out['fits'] and cells:
                with kinds_before_numa():
                    out['fits_kinds_first'] = any(scheduler.support_requests(p, cells) for p in [requests] + perms)
            pci_reqs = objects.InstancePCIRequests(instance_uuid=step['instance'], requests=requests)
            try:
                devs = tracker.claim_instance(CTX, pci_reqs, None if cells is None
                                              else objects.InstanceNUMATopology(cells=cells))
                if len(devs) != sum(r.count for r in requests):
                    # A host with no device tracked "claims" nothing and says so with an empty list;
                    # its scheduler never sends it such an instance.
                    raise exception.PciDeviceRequestFailed(requests=pci_reqs)
                out['claimed'] = True
                served = [[] for _ in names]
                for dev in devs:
                    served[names[dev.request_id]].append(dev.address)
                out['devices'] = served
                out['counts_claimed'] = counts(tracker)
                tracker.allocate_instance({'uuid': step['instance']})
            except exception.PciDeviceRequestFailed:
                out['claimed'] = False
                rebuild_stats(tracker, numa)
                rebuilds += 1
                if len(requests) > 1:
                    out['claims_any_order'] = any(claimable(tracker, p, cells) for p in [requests] + perms)
                if cells:
                    with kinds_before_numa():
                        out['claims_kinds_first'] = any(claimable(tracker, p, cells) for p in [requests] + perms)
            out['counts'] = counts(tracker)
            answer['steps'].append(out)
        answer['stats_rebuilds'] = rebuilds
        return answer
    finally:
        for p in reversed(patches):
            p.stop()


def answer(case):
    CONF.set_override('alias', case['alias'], group='pci')
    try:
        aliases = pci_request._get_alias_from_config()
    except exception.PciInvalidAlias as e:
        return {'id': case['id'], 'modes': {'plain': {'config': 'refused', 'error': 'PciInvalidAlias: %s' % e}}}
    modes = {'plain': run(case, case['device_spec'], False, aliases)}
    has_vf_ports = any(p['vnic'] in VF_KINDS for s in case['steps'] for p in s.get('ports', []))
    bool_tags = needs_bool_tags(case['device_spec'])
    if has_vf_ports:
        modes['vf_only'] = run(case, case['device_spec'], True, aliases)
    if bool_tags:
        modes['bool_tags'] = run(case, normalised_spec(case['device_spec']), False, aliases)
    if has_vf_ports and bool_tags:
        modes['both'] = run(case, normalised_spec(case['device_spec']), True, aliases)
    return {'id': case['id'], 'modes': modes}


def main():
    for line in sys.stdin:
        if line.strip():
            case = json.loads(line)
            try:
                out = answer(case)
            except Exception as e:  # noqa: BLE001 - reported per case, never hides the others
                out = {'id': case.get('id'), 'oracle_error': '%s: %s' % (type(e).__name__, e)}
            sys.stdout.write(json.dumps(out) + '\n')
    sys.stdout.flush()


if __name__ == '__main__':
    main()
