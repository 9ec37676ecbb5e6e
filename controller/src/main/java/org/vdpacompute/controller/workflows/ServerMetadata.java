package org.vdpacompute.controller.workflows;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vdpacompute.controller.model.Instance;
import org.vdpacompute.controller.model.InstanceInvalidStateException;
import org.vdpacompute.controller.model.ServerMetadataStore;
import org.vdpacompute.controller.model.UnitOfWork;
import org.vdpacompute.controller.model.VmState;
import org.vdpacompute.controller.quota.Quotas;
import org.vdpacompute.core.InvalidValueException;
import org.vdpacompute.core.NotFoundException;

/**
 * A server's metadata, as Nova keeps it: keys of 1 to 255 characters, values of at most 255, no
 * more items than the project's {@code metadata_items} quota, changed only while the server is
 * idle and running, paused, suspended or stopped. A change is checked and written in one
 * transaction, ordered against the project's other quota-checked changes.
 */
public final class ServerMetadata {
  static final int MAX_LENGTH = 255;
  /** Nova's pattern of a metadata key ({@code parameter_types.metadata}). */
  private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[a-zA-Z0-9-_:. ]{1,255}");
  /** The states Nova changes metadata in (and only with no task under way). */
  private static final Set<VmState> CHANGEABLE = Set.of(VmState.ACTIVE, VmState.PAUSED, VmState.SUSPENDED, VmState.STOPPED);

  private final Servers servers;
  private final ServerMetadataStore store;
  private final Quotas quotas;
  private final UnitOfWork units;

  ServerMetadata(Servers servers, ServerMetadataStore store, Quotas quotas, UnitOfWork units) {
    this.servers = servers;
    this.store = store;
    this.quotas = quotas;
    this.units = units;
  }

  /** The metadata of a server the caller may see. */
  public Map<String, String> of(String uuid, Caller who) {
    return new TreeMap<>(store.metadata(servers.server(uuid, who.projectId(), who.admin()).uuid()));
  }

  /** The metadata of servers being shown, read together. */
  public Map<String, Map<String, String>> of(Collection<String> uuids) {
    return store.metadata(uuids);
  }

  /** Sets these keys (Nova's update: the other keys stay); the server's metadata as it then is. */
  public Map<String, String> update(String uuid, Caller who, Map<String, String> items) {
    return change(uuid, who, items, false);
  }

  /** Makes the server's metadata exactly these items (Nova's update_all). */
  public Map<String, String> replace(String uuid, Caller who, Map<String, String> items) {
    return change(uuid, who, items, true);
  }

  /** Deletes one key; 404 when the server has none of that key. */
  public void delete(String uuid, Caller who, String key) {
    Instance i = changeable(uuid, who);
    if (!store.delete(i.uuid(), key)) throw new NotFoundException("Metadata item was not found");
  }

  private Map<String, String> change(String uuid, Caller who, Map<String, String> items, boolean replace) {
    check(items);
    Instance i = changeable(uuid, who);
    return units.run(() -> {
      quotas.serialize(i.projectId());
      Map<String, String> after = new TreeMap<>(replace ? Map.of() : store.metadata(i.uuid()));
      after.putAll(items);
      quotas.checkMetadataItems(i.projectId(), after.size());
      if (replace) {
        store.replace(i.uuid(), items);
      } else {
        store.put(i.uuid(), items);
      }
      return after;
    });
  }

  private Instance changeable(String uuid, Caller who) {
    Instance i = servers.server(uuid, who.projectId(), who.admin());
    if (i.taskState() != null || !CHANGEABLE.contains(i.vmState())) {
      throw new InstanceInvalidStateException("update metadata", i);
    }
    return i;
  }

  /** Refuses keys and values Nova refuses, before anything is read. */
  static Map<String, String> check(Map<String, String> items) {
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : items.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty()) throw new InvalidValueException("Metadata property key blank.");
      if (key.length() > MAX_LENGTH) {
        throw new InvalidValueException("Metadata property key greater than " + MAX_LENGTH + " characters.");
      }
      if (!KEY.matcher(key).matches()) {
        throw new InvalidValueException("Metadata property key '" + key.replace("\0", "\\0") + "' may hold only letters,"
            + " digits, spaces and '-', '_', ':', '.'.");
      }
      if (e.getValue() == null) throw new InvalidValueException("Metadata property value of '" + key + "' must be a string.");
      if (e.getValue().length() > MAX_LENGTH) {
        throw new InvalidValueException("Metadata property value greater than " + MAX_LENGTH + " characters.");
      }
      checked.put(key, e.getValue());
    }
    return checked;
  }
}
