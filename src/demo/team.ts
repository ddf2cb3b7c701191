/** One person of the demo team, as the demo's Slack knows them. */
export interface DemoPerson {
  id: string;
  name: string;
  tz: string;
  kind: 'admin' | 'manager' | 'rep';
  /** Reps only. */
  role?: 'AE' | 'SDR' | 'AM';
  manager?: string;
  /** The rep's onboarding week today (week 1 is the week of their start date). */
  onboardingWeek?: number;
  /** How hard the rep works against their goal, 1 being right on it. */
  pace?: number;
}

export const ADMIN_ID = 'UADA';

/**
 * The demo team: an admin, two managers in different time zones and eight reps in onboarding
 * weeks 1 to 20, across the three roles. Everyone is in the Americas or Europe so that a day
 * logged at 16:00 UTC is that same day for all of them.
 */
export const DEMO_TEAM: readonly DemoPerson[] = [
  { id: ADMIN_ID, name: 'Ada Admin', tz: 'America/New_York', kind: 'admin' },
  { id: 'UMAYA', name: 'Maya Manager', tz: 'America/Los_Angeles', kind: 'manager' },
  { id: 'UOLIVER', name: 'Oliver Manager', tz: 'Europe/London', kind: 'manager' },
  { id: 'UANA', name: 'Ana Alvarez', tz: 'America/Los_Angeles', kind: 'rep', role: 'AE', manager: 'UMAYA', onboardingWeek: 20, pace: 1.15 },
  { id: 'UBEN', name: 'Ben Brooks', tz: 'America/Denver', kind: 'rep', role: 'AE', manager: 'UMAYA', onboardingWeek: 12, pace: 0.9 },
  { id: 'UCHLOE', name: 'Chloe Chen', tz: 'America/New_York', kind: 'rep', role: 'SDR', manager: 'UMAYA', onboardingWeek: 9, pace: 1.05 },
  { id: 'UDIEGO', name: 'Diego Diaz', tz: 'America/Los_Angeles', kind: 'rep', role: 'AE', manager: 'UMAYA', onboardingWeek: 2, pace: 0.6 },
  { id: 'UEMMA', name: 'Emma Evans', tz: 'Europe/London', kind: 'rep', role: 'AE', manager: 'UOLIVER', onboardingWeek: 16, pace: 1.0 },
  { id: 'UFARID', name: 'Farid Fares', tz: 'Europe/Berlin', kind: 'rep', role: 'AM', manager: 'UOLIVER', onboardingWeek: 6, pace: 0.95 },
  { id: 'UGRACE', name: 'Grace Green', tz: 'Europe/Dublin', kind: 'rep', role: 'AE', manager: 'UOLIVER', onboardingWeek: 4, pace: 0.8 },
  { id: 'UHUGO', name: 'Hugo Hall', tz: 'Europe/Paris', kind: 'rep', role: 'SDR', manager: 'UOLIVER', onboardingWeek: 1, pace: 1 },
];

export const demoReps = (): DemoPerson[] => DEMO_TEAM.filter((p) => p.kind === 'rep');
