import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An identity document the holder presented at onboarding (KYC). */
@Entity('holder_document')
export class HolderDocumentRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  type!: string;

  @Index()
  @Column('text')
  number!: string;

  @Column('text', { nullable: true })
  country!: string | null;
}

/** What an account holds of one asset. `amount` is numeric: pg returns it as a decimal string. */
@Entity('balance')
export class BalanceRecord {
  @PrimaryColumn('text', { name: 'account_id' })
  accountId!: string;

  @PrimaryColumn('text')
  asset!: string;

  @Column('numeric')
  amount!: string;
}

/** A deposit address the exchange assigned to an account; `address` is stored normalized. */
@Entity('deposit_address')
@Index(['chain', 'address'], { unique: true })
export class DepositAddressRecord {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index()
  @Column('text', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  chain!: string;

  /** `normalizeAddress` form: lowercase for 0x chains, exact for base58 and bech32. */
  @Column('text')
  address!: string;
}
