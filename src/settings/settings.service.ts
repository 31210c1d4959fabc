/**
 * The settings in force: what staff saved (the settings store) over the defaults of the business profile
 * file and the environment. `current()` is what a chat turn, a booking or a meeting page asks first: one
 * cheap version check (nothing read or parsed unless a save happened, on any instance), so the next turn
 * after a save uses it everywhere. The object it returns is rebuilt only when the version moves, so caches
 * keyed on it (the prompt's stable prefix, describeBusiness) hold between saves.
 */
import type { BusinessProfile } from '../business/business-profile.js';
import { businessIdentityOf } from '../capture/business-identity.js';
import type { BusinessIdentity } from '../capture/extract-details.js';
import type { BookingRules } from '../chat/prompt-layout.js';
import { parseBusinessHours, type Config } from '../config.js';
import type { Logger } from '../infra/logger.js';
import type { SlotRules } from '../meetings/business-hours.js';
import { NOTHING_SAVED, type SettingsRepository, type StoredSettings } from '../store/settings.repository.js';
import {
  DEFAULT_WIDGET_SETTINGS,
  meetingSettingsSchema,
  savedProfileSchema,
  SETTINGS_SECTIONS,
  widgetSettingsSchema,
  type MeetingSettings,
  type SavedSettings,
  type SettingsSection,
  type SettingsUpdate,
  type WidgetSettings,
} from './settings.schema.js';

export interface LiveSettings {
  /** The store's version (0: nothing saved). */
  version: number;
  profile: BusinessProfile;
  widget: WidgetSettings;
  meetings: MeetingSettings;
  /** The meetings section as business-hours.ts reads it. */
  slotRules: SlotRules;
  /** The meetings section as the prompt words it. */
  bookingRules: BookingRules;
  /** The profile's own contact details and names, which capture must not take for the visitor's. */
  identity: BusinessIdentity;
  /** Which sections come from the store (the others from the file or the environment). */
  saved: Record<SettingsSection, boolean>;
  savedAt: string | null;
  savedBy: string | null;
}

/** What the chat, meetings and widget read: the settings of this moment. */
export interface SettingsSource {
  /** Checks the store for a newer save (cheap), then answers. */
  current(): Promise<LiveSettings>;
  /** The settings as last checked, without asking the store (for code inside a request that already asked). */
  snapshot(): LiveSettings;
}

export interface SettingsDefaults {
  profile: BusinessProfile;
  meetings: MeetingSettings;
  widget: WidgetSettings;
}

/** The defaults of the file and the environment. */
export function settingsDefaults(
  config: Pick<Config, 'businessHoursText' | 'businessTimezone' | 'meetingDurationMinutes'>,
  profile: BusinessProfile,
): SettingsDefaults {
  return {
    profile,
    meetings: {
      business_hours: config.businessHoursText,
      timezone: config.businessTimezone,
      duration_minutes: config.meetingDurationMinutes,
    },
    widget: DEFAULT_WIDGET_SETTINGS,
  };
}

function buildLive(stored: StoredSettings, values: SavedSettings, defaults: SettingsDefaults): LiveSettings {
  const profile = values.profile ?? defaults.profile;
  const meetings = values.meetings ?? defaults.meetings;
  return {
    version: stored.version,
    profile,
    widget: values.widget ?? defaults.widget,
    meetings,
    slotRules: {
      hours: parseBusinessHours(meetings.business_hours),
      zone: meetings.timezone,
      durationMinutes: meetings.duration_minutes,
    },
    bookingRules: {
      hoursText: meetings.business_hours,
      meetingMinutes: meetings.duration_minutes,
      timezone: meetings.timezone,
    },
    identity: businessIdentityOf(profile),
    saved: {
      profile: values.profile !== undefined,
      widget: values.widget !== undefined,
      meetings: values.meetings !== undefined,
    },
    savedAt: stored.saved_at,
    savedBy: stored.saved_by,
  };
}

/** Settings that never change (tests, embedding without a store): the defaults themselves. */
export function fixedSettings(defaults: SettingsDefaults): SettingsSource {
  const live = buildLive(NOTHING_SAVED, {}, defaults);
  return { current: () => Promise.resolve(live), snapshot: () => live };
}

const SECTION_SCHEMAS = { profile: savedProfileSchema, widget: widgetSettingsSchema, meetings: meetingSettingsSchema };

/** The assistant's instruction (chat/system-instruction.store.ts): kept in SYSTEM_INSTRUCTION_FILE, as before. */
export interface InstructionStore {
  read(): Promise<string>;
  write(text: string): Promise<void>;
}

/** GET and PUT /settings answer this. */
export interface SettingsView {
  settings: {
    profile: BusinessProfile;
    widget: WidgetSettings;
    meetings: MeetingSettings;
    system_instruction: string;
  };
  /** Which sections are saved (the others follow config/business.json and the environment). */
  saved: Record<SettingsSection, boolean>;
  version: number;
  saved_at: string | null;
  saved_by: string | null;
}

export interface SettingsServiceDeps {
  store: SettingsRepository;
  instructions: InstructionStore;
  defaults: SettingsDefaults;
  logger: Logger;
  now?: () => Date;
}

export class SettingsService implements SettingsSource {
  private live: LiveSettings;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.live = buildLive(NOTHING_SAVED, {}, deps.defaults);
  }

  snapshot(): LiveSettings {
    return this.live;
  }

  async current(): Promise<LiveSettings> {
    const known = this.live.version;
    const stored = await this.deps.store.load(known);
    // Two checks may finish out of order: never step back to an older version.
    if (stored !== 'unchanged' && stored.version >= this.live.version && stored.version !== known) {
      this.live = buildLive(stored, this.readable(stored.values), this.deps.defaults);
    }
    return this.live;
  }

  /** Everything the settings page shows, as in force now. */
  async view(): Promise<SettingsView> {
    const [live, instruction] = await Promise.all([this.current(), this.deps.instructions.read()]);
    return {
      settings: {
        profile: live.profile,
        widget: live.widget,
        meetings: live.meetings,
        system_instruction: instruction,
      },
      saved: live.saved,
      version: live.version,
      saved_at: live.savedAt,
      saved_by: live.savedBy,
    };
  }

  /**
   * Saves an update validated by settingsUpdateSchema: the sections in one atomic write of the store, then the
   * instruction into its file (each write is atomic; nothing is written before all of it passed validation).
   */
  async update(update: SettingsUpdate, by: string): Promise<SettingsView> {
    const { system_instruction: instruction, ...sections } = update;
    if (Object.values(sections).some((v) => v !== undefined)) await this.save(sections, by);
    if (instruction !== undefined) await this.deps.instructions.write(instruction);
    return this.view();
  }

  /** Saves the sections given; `null` returns a section to its default. */
  async save(update: Omit<SettingsUpdate, 'system_instruction'>, by: string): Promise<LiveSettings> {
    const stored = await this.deps.store.update(
      (current) => {
        const next: SavedSettings = { ...current };
        for (const section of SETTINGS_SECTIONS) {
          const value = update[section];
          if (value === null) delete next[section];
          else if (value !== undefined) Object.assign(next, { [section]: value });
        }
        return next;
      },
      by,
      this.deps.now?.() ?? new Date(),
    );
    if (stored.version >= this.live.version) {
      this.live = buildLive(stored, this.readable(stored.values), this.deps.defaults);
    }
    return this.live;
  }

  /**
   * The stored sections that still pass their schema: a document edited by hand, or saved by a version with
   * other rules, loses only the section that no longer fits (logged), never the chat.
   */
  private readable(values: SavedSettings): SavedSettings {
    const out: SavedSettings = {};
    for (const section of SETTINGS_SECTIONS) {
      if (values[section] === undefined) continue;
      const parsed = SECTION_SCHEMAS[section].safeParse(values[section]);
      if (parsed.success) Object.assign(out, { [section]: parsed.data });
      else
        this.deps.logger.error(
          { section, issues: parsed.error.issues.length },
          'saved settings section ignored: invalid',
        );
    }
    return out;
  }
}
